package bind

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/domain/errs"
)

func TestStepsRunInOrder(t *testing.T) {
	v := NewValidator()
	// A length check before Trim sees the spaces; after Trim it does not.
	before := NewSchema(v, String("s").Check("min=1", "empty").Trim())
	after := NewSchema(v, String("s").Trim().Check("min=1", "empty"))
	in := Input{kind: "object", fields: map[string]any{"s": "   "}}
	if out, err := before.Parse(in); err != nil || out.Str("s") != "" {
		t.Fatalf("pre-trim check: %v %q", err, out.Str("s"))
	}
	if _, err := after.Parse(in); err == nil || errs.PublicMessage(err) != "empty" {
		t.Fatalf("post-trim check: %v", err)
	}
}

func TestOptionalAndBool(t *testing.T) {
	s := NewSchema(NewValidator(), String("d").Optional(), Bool("b").Optional())
	out, err := s.Parse(Input{kind: "object", fields: map[string]any{"b": false}})
	if err != nil || out.Has("d") || out.BoolPtr("b") == nil || *out.BoolPtr("b") {
		t.Fatalf("%v %v", out, err)
	}
	_, err = s.Parse(Input{kind: "object", fields: map[string]any{"d": nil, "b": "true"}})
	if errs.PublicMessage(err) != "Invalid input: expected string, received null, Invalid input: expected boolean, received string" {
		t.Fatalf("%v", err)
	}
}

func TestBodyReading(t *testing.T) {
	for _, tc := range []struct {
		ctype, body, kind string
		wantErr           error
	}{
		{"application/json", `{"a":"b"}`, "object", nil},
		{"application/json; charset=utf-8", ``, "object", nil},
		{"application/json", `"x"`, "string", nil},
		{"application/json", `{"a":1} {"b":2}`, "", ErrMalformed},
		{"application/json", `{"a":` + strings.Repeat(" ", MaxJSONBody) + `1}`, "", ErrBodyTooLarge},
		{"text/plain", `{"a":"b"}`, "undefined", nil},
		{"", ``, "undefined", nil},
		{"application/x-www-form-urlencoded", `a=b&c=d&c=e`, "object", nil},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
		if tc.ctype != "" {
			r.Header.Set("Content-Type", tc.ctype)
		}
		in, err := Body(httptest.NewRecorder(), r)
		if tc.wantErr != nil {
			if errs.KindOf(err) != errs.KindOf(tc.wantErr) || errs.PublicMessage(err) != errs.PublicMessage(tc.wantErr) {
				t.Errorf("%s %q: err %v, want %v", tc.ctype, tc.body[:min(len(tc.body), 20)], err, tc.wantErr)
			}
			continue
		}
		if err != nil || in.kind != tc.kind {
			t.Errorf("%s %q: kind %q err %v", tc.ctype, tc.body, in.kind, err)
		}
	}
}

func BenchmarkParseRegisterLike(b *testing.B) {
	v := NewValidator()
	s := NewSchema(v,
		String("name").Trim().Check("min=1", "n"),
		String("email").Check("min=1", "e").Trim().Lower().Check("email_syntax", "e"),
		String("username").Trim().Check("min=1", "u").Check("username_chars", "u").Lower(),
		String("password").Check("min=6", "p").Check("strong_password", "p"),
	)
	in := Input{kind: "object", fields: map[string]any{"name": "Ada", "email": "Ada@Example.com", "username": "ada", "password": "Secret123"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}
