package user

import (
	"errors"
	"testing"
	"time"
)

func TestCodeCheck(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewCode("0123456789abcdef01234567", PurposeVerify, "h", "", now)
	if !c.ExpiresAt.Equal(now.Add(15 * time.Minute)) {
		t.Fatalf("expiry %v", c.ExpiresAt)
	}
	for _, tc := range []struct {
		name     string
		at       time.Time
		attempts int
		matches  bool
		want     error
	}{
		{"right", now, 1, true, nil},
		{"wrong", now, 1, false, ErrCodeMismatch},
		{"fifth attempt may still succeed", now, 5, true, nil},
		{"sixth attempt is refused even when right", now, 6, true, ErrCodeLocked},
		{"expired at the instant", now.Add(15 * time.Minute), 1, true, ErrCodeExpired},
		{"expiry wins over lockout", now.Add(time.Hour), 9, true, ErrCodeExpired},
	} {
		c.Attempts = tc.attempts
		if err := c.Check(tc.at, tc.matches); !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestCodeResend(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewCode("0123456789abcdef01234567", PurposeVerify, "h", "", now)
	if !c.CanResend(now) {
		t.Fatal("the sign-up code must not block a resend")
	}
	c.ResentAt = now
	if c.CanResend(now.Add(59 * time.Second)) {
		t.Fatal("resent twice within a minute")
	}
	if !c.CanResend(now.Add(time.Minute)) {
		t.Fatal("resend refused after a minute")
	}
}

func TestValidCodeSyntax(t *testing.T) {
	for s, want := range map[string]bool{"123456": true, "000000": true, "12345": false, "1234567": false, "12a456": false, "１２３４５６": false} {
		if ValidCodeSyntax(s) != want {
			t.Errorf("%q: want %v", s, want)
		}
	}
}
