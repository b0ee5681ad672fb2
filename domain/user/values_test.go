package user

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
)

func TestParseEmail(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{" Ada@Example.COM ", "ada@example.com", true},
		{"a.b+tag@sub.example.io", "a.b+tag@sub.example.io", true},
		{"o'neil@example.com", "o'neil@example.com", true},
		{"", "", false},
		{"ada@example", "", false},       // no dot in the domain
		{"ada@example.c", "", false},     // TLD too short
		{".ada@example.com", "", false},  // leading dot
		{"a..b@example.com", "", false},  // double dot
		{"ada.@example.com", "", false},  // dot before @
		{"adä@example.com", "", false},   // non-ASCII
		{"ada@-example.com", "", false},  // label starts with a hyphen
		{"ada example@x.com", "", false}, // space
		{strings.Repeat("a", 250) + "@example.com", "", false},
	} {
		got, err := ParseEmail(tc.in)
		if (err == nil) != tc.ok || string(got) != tc.want {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && errs.KindOf(err) != errs.Invalid {
			t.Errorf("ParseEmail(%q): kind %v", tc.in, errs.KindOf(err))
		}
	}
}

func TestParseUsername(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		msgs     []string
	}{
		{" Ada_99 ", "ada_99", nil},
		{"", "", []string{MsgUsernameRequired, MsgUsernameChars}},
		{"a-b", "", []string{MsgUsernameChars}},
		{"ünï", "", []string{MsgUsernameChars}},
		{strings.Repeat("a", 31), "", []string{MsgUsernameTooLong}},
	} {
		got, err := ParseUsername(tc.in)
		if string(got) != tc.want {
			t.Errorf("ParseUsername(%q) = %q", tc.in, got)
		}
		var msgs []string
		for _, f := range errs.FieldsOf(err) {
			msgs = append(msgs, f.Message)
		}
		if strings.Join(msgs, "|") != strings.Join(tc.msgs, "|") {
			t.Errorf("ParseUsername(%q) messages %v, want %v", tc.in, msgs, tc.msgs)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		in   string
		msgs []string
	}{
		{"Secret1", nil},
		{"", []string{MsgPasswordShort, MsgPasswordWeak}},
		{"secret1", []string{MsgPasswordWeak}},
		{"SECRET1", []string{MsgPasswordWeak}},
		{"Secrets", []string{MsgPasswordWeak}},
		{"Sec1", []string{MsgPasswordShort}},
		{"Secret1\nx", []string{MsgPasswordWeak}}, // a line break is refused
		{"Aa1" + strings.Repeat("x", 70), []string{MsgPasswordTooLong}},
		{" Secret1 ", nil}, // passwords are not trimmed
	} {
		var msgs []string
		for _, f := range errs.FieldsOf(CheckPassword("password", tc.in)) {
			msgs = append(msgs, f.Message)
		}
		if strings.Join(msgs, "|") != strings.Join(tc.msgs, "|") {
			t.Errorf("CheckPassword(%q) = %v, want %v", tc.in, msgs, tc.msgs)
		}
	}
}

func TestParseName(t *testing.T) {
	if n, err := ParseName("  Ada  "); err != nil || n != "Ada" {
		t.Fatalf("got %q %v", n, err)
	}
	if _, err := ParseName("   "); err == nil {
		t.Fatal("blank name accepted")
	}
	if _, err := ParseName(strings.Repeat("é", MaxNameLen+1)); err == nil {
		t.Fatal("long name accepted")
	}
}

// TestParsersRefuseControlCharacters keeps bytes that no store can hold, or
// that only serve to disguise a name, out of every account field, even when
// trimming would remove them.
func TestParsersRefuseControlCharacters(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"ada\x00", "\x00ada", "ada\n", "a\rda", "ada\x1b", "ad\xffa", "ada\x7f\x01"} {
		if _, err := ParseName(bad); errs.KindOf(err) != errs.Invalid || errs.FieldsOf(err)[0].Field != "name" {
			t.Errorf("ParseName(%q): %v", bad, err)
		}
		if _, err := ParseUsername(bad); errs.KindOf(err) != errs.Invalid || errs.FieldsOf(err)[0].Field != "username" {
			t.Errorf("ParseUsername(%q): %v", bad, err)
		}
		if _, err := ParseEmail(bad + "@example.com"); errs.KindOf(err) != errs.Invalid || errs.FieldsOf(err)[0].Field != "email" {
			t.Errorf("ParseEmail(%q): %v", bad, err)
		}
	}
	if n, err := ParseName("Ada\tLovelace"); err != nil || n != "Ada\tLovelace" {
		t.Errorf("a tab is allowed: %q %v", n, err)
	}
}

func TestNewUserAndReplaceRegistration(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)
	u, err := New(NewParams{ID: id.ID("0123456789abcdef01234567"), Username: "ada", Email: "ada@example.com",
		Name: " Ada Lovelace ", PasswordHash: "h", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if u.Name() != "Ada Lovelace" || u.Verified() || u.Role() != RoleCreator || !u.CreatedAt().Equal(now) {
		t.Fatalf("new user %+v", u.Stored())
	}
	if u.ProfileImage() != "https://ui-avatars.com/api/?name=Ada%20Lovelace&background=random" {
		t.Fatalf("avatar %s", u.ProfileImage())
	}
	if _, ok := u.Bio(); ok {
		t.Fatal("a new user has no bio")
	}
	later := now.Add(time.Hour)
	if err := u.ReplaceRegistration(NewParams{Username: "pat", Email: "pat@example.com", Name: "Pat", PasswordHash: "h2", Now: later}); err != nil {
		t.Fatal(err)
	}
	if u.Username() != "pat" || u.PasswordHash() != "h2" || !u.UpdatedAt().Equal(later) || !u.CreatedAt().Equal(now) {
		t.Fatalf("replaced %+v", u.Stored())
	}
	u.Verify(later)
	if err := u.ReplaceRegistration(NewParams{Name: "X"}); !errors.Is(err, ErrEmailTaken) {
		t.Fatalf("replacing a verified account: %v", err)
	}
	if _, err := New(NewParams{Name: "x"}); err == nil {
		t.Fatal("incomplete user accepted")
	}
	if FromStored(u.Stored()).Stored() != u.Stored() {
		t.Fatal("stored round trip differs")
	}
}

func TestParseRole(t *testing.T) {
	for _, ok := range []string{"CREATOR", "USER"} {
		if _, err := ParseRole(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "creator", "ADMIN"} {
		if _, err := ParseRole(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
