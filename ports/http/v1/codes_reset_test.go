package v1_test

import (
	"strings"
	"testing"
	"time"
)

const (
	msgForgot       = "If that email is registered, a reset code has been sent"
	msgReset        = "Password reset successful. Please login again"
	msgInvalidReset = "Invalid reset code"
	msgResetExpired = "Reset code expired. Please try again"
	newPassword     = "Newpass456"
)

func resetBody(email, code, password string) map[string]any {
	return map[string]any{"email": email, "code": code, "newPassword": password}
}

// lastSubject returns the subject of the newest mail to the address.
func lastSubject(e *env, to string) string {
	e.mail.mu.Lock()
	defer e.mail.mu.Unlock()
	for i := len(e.mail.sent) - 1; i >= 0; i-- {
		if e.mail.sent[i].To == to {
			return e.mail.sent[i].Subject
		}
	}
	return ""
}

// requestReset asks for a reset code for email and returns it.
func requestReset(e *env, email string) string {
	e.t.Helper()
	e.client().do("POST", "/api/v1/auth/forgot-password", map[string]any{"email": email}).expect(e.t, 200, msgForgot)
	return e.mail.lastCode(e.t, email)
}

// canLogin reports whether the identifier signs in with the password.
func canLogin(e *env, identifier, password string) bool {
	e.t.Helper()
	r := e.client().do("POST", "/api/v1/auth/login", map[string]any{"identifier": identifier, "password": password})
	if r.Status != 200 && (r.Status != 401 || r.message() != msgBadCredentials) {
		e.t.Fatalf("login: %d %s", r.Status, r.Raw)
	}
	return r.Status == 200
}

func TestForgotPasswordAnswersAlike(t *testing.T) {
	e := newEnv(t, nil)
	verified := e.signup("ada")
	pending, _ := pendingAccount(e, "bob")
	c := e.client()
	want := `{"statusCode":200,"message":"If that email is registered, a reset code has been sent","success":true}`
	for _, email := range []string{"nobody@example.com", pending, verified} {
		if r := c.do("POST", "/api/v1/auth/forgot-password", map[string]any{"email": email}); r.Status != 200 || string(r.Raw) != want {
			t.Fatalf("%s: %d %s", email, r.Status, r.Raw)
		}
	}
	if n := e.mail.count("nobody@example.com"); n != 0 {
		t.Errorf("%d mails to an unknown address", n)
	}
	if n := e.mail.count(pending); n != 1 {
		t.Errorf("%d mails to the unverified account, want only the sign-up one", n)
	}
	if n := e.mail.count(verified); n != 2 {
		t.Errorf("%d mails to the verified account, want sign-up and reset", n)
	}
	if s := lastSubject(e, verified); s != "Reset your password" {
		t.Errorf("subject %q", s)
	}
	e.mail.lastCode(t, verified)
}

func TestForgotPasswordMailsOncePerMinute(t *testing.T) {
	e := newEnv(t, nil)
	email := e.signup("ada")
	code := requestReset(e, email)
	e.clock.Advance(59 * time.Second)
	e.client().do("POST", "/api/v1/auth/forgot-password", map[string]any{"email": email}).expect(t, 200, msgForgot)
	if n := e.mail.count(email); n != 2 {
		t.Fatalf("%d mails, want sign-up and one reset", n)
	}
	// The quiet second request left the first code in force.
	e.client().do("POST", "/api/v1/auth/reset-password", resetBody(email, code, newPassword)).expect(t, 200, msgReset)
	e.clock.Advance(time.Minute)
	requestReset(e, email)
	if n := e.mail.count(email); n != 3 {
		t.Fatalf("%d mails after a minute, want 3", n)
	}
}

func TestResetPasswordEndsEverySession(t *testing.T) {
	e := newEnv(t, nil)
	email := e.signup("ada")
	devices := []*client{e.login("ada"), e.login("ada@example.com")}
	code := requestReset(e, email)

	r := e.client().do("POST", "/api/v1/auth/reset-password", resetBody(email, code, newPassword)).expect(t, 200, msgReset)
	if string(r.Raw) != `{"statusCode":200,"message":"Password reset successful. Please login again","success":true}` {
		t.Fatalf("body %s", r.Raw)
	}
	for _, name := range []string{"accessToken", "refreshToken"} {
		ck := r.Cookies[name]
		if ck == nil || ck.Value != "" || ck.MaxAge >= 0 || ck.Path != "/" || !ck.HttpOnly {
			t.Errorf("%s not cleared: %+v", name, ck)
		}
	}
	for _, sc := range r.Header.Values("Set-Cookie") {
		if !strings.Contains(sc, "Max-Age=0") {
			t.Errorf("Set-Cookie %q lacks Max-Age=0", sc)
		}
	}
	for i, d := range devices {
		if r := d.do("GET", "/api/v1/auth/me", nil); r.Status != 401 || r.message() != "UNAUTHORIZED" {
			t.Errorf("device %d /me: %d %s", i, r.Status, r.Raw)
		}
		if r := d.do("POST", "/api/v1/auth/refresh-token", nil); r.Status != 401 || r.message() != "INVALID_REFRESH_TOKEN" {
			t.Errorf("device %d refresh: %d %s", i, r.Status, r.Raw)
		}
	}
	if canLogin(e, "ada", goodPassword) {
		t.Error("the old password still signs in")
	}
	if !canLogin(e, "ada", newPassword) {
		t.Error("the new password does not sign in")
	}
	// The code is spent.
	e.client().do("POST", "/api/v1/auth/reset-password", resetBody(email, code, "Other789x")).expect(t, 400, msgResetExpired)
	if !canLogin(e, "ada", newPassword) {
		t.Error("a spent code changed the password")
	}
}

func TestResetPasswordWrongOrExpiredCode(t *testing.T) {
	e := newEnv(t, nil)
	email := e.signup("ada")
	c := e.client()
	// No code requested yet, and an unknown address: the same answer.
	c.do("POST", "/api/v1/auth/reset-password", resetBody(email, "123456", newPassword)).expect(t, 400, msgResetExpired)
	c.do("POST", "/api/v1/auth/reset-password", resetBody("nobody@example.com", "123456", newPassword)).expect(t, 400, msgResetExpired)

	code := requestReset(e, email)
	c.do("POST", "/api/v1/auth/reset-password", resetBody(email, otherCode(code), newPassword)).expect(t, 400, msgInvalidReset)
	if !canLogin(e, "ada", goodPassword) {
		t.Fatal("a wrong code changed the password")
	}
	e.clock.Advance(15 * time.Minute)
	c.do("POST", "/api/v1/auth/reset-password", resetBody(email, code, newPassword)).expect(t, 400, msgResetExpired)
	if !canLogin(e, "ada", goodPassword) {
		t.Fatal("an expired code changed the password")
	}
}

func TestResetPasswordTooManyAttempts(t *testing.T) {
	e := newEnv(t, nil)
	email := e.signup("ada")
	code := requestReset(e, email)
	c := e.client()
	for i := range 5 {
		if r := c.do("POST", "/api/v1/auth/reset-password", resetBody(email, otherCode(code), newPassword)); r.Status != 400 || r.message() != msgInvalidReset {
			t.Fatalf("attempt %d: %d %s", i+1, r.Status, r.Raw)
		}
	}
	c.do("POST", "/api/v1/auth/reset-password", resetBody(email, code, newPassword)).expect(t, 400, msgTooManyTries)
	if !canLogin(e, "ada", goodPassword) || canLogin(e, "ada", newPassword) {
		t.Fatal("a locked code changed the password")
	}
	// A new code works again.
	e.clock.Advance(time.Minute)
	c.do("POST", "/api/v1/auth/reset-password", resetBody(email, requestReset(e, email), newPassword)).expect(t, 200, msgReset)
}

func TestResetPasswordPolicy(t *testing.T) {
	e := newEnv(t, nil)
	email := e.signup("ada")
	code := requestReset(e, email)
	c := e.client()
	const short, weak = "Password must be at least 6 characters", "Password must contain uppercase, lowercase, and a number"
	for _, tc := range []struct {
		password string
		want     []string
	}{
		{"abc", []string{short, weak}},
		{"", []string{short, weak}},
		{"lowercase1", []string{weak}},
		{"NoDigitsHere", []string{weak}},
		{"Ab1" + strings.Repeat("x", 70), []string{"Password must be at most 72 bytes"}},
	} {
		r := c.do("POST", "/api/v1/auth/reset-password", resetBody(email, code, tc.password))
		r.expect(t, 400, strings.Join(tc.want, ", "))
		errsList, _ := r.Body["errors"].([]any)
		if len(errsList) != len(tc.want) {
			t.Fatalf("%q: errors %v", tc.password, r.Body["errors"])
		}
		for i, fe := range errsList {
			if f := fe.(map[string]any); f["field"] != "newPassword" || f["message"] != tc.want[i] {
				t.Errorf("%q: error %d is %v", tc.password, i, f)
			}
		}
	}
	if !canLogin(e, "ada", goodPassword) {
		t.Fatal("a refused reset changed the password")
	}
	// Refused passwords spent no attempt on the code.
	c.do("POST", "/api/v1/auth/reset-password", resetBody(email, code, newPassword)).expect(t, 200, msgReset)
}

func TestResetPasswordWhileSignedIn(t *testing.T) {
	e := newEnv(t, nil)
	email := e.signup("ada")
	code := requestReset(e, email)
	e.login("ada").do("POST", "/api/v1/auth/reset-password", resetBody(email, code, newPassword)).
		expect(t, 400, "You are already logged in")
	e.client().do("POST", "/api/v1/auth/reset-password", resetBody(email, code, newPassword)).expect(t, 200, msgReset)
}
