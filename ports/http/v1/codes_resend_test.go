package v1_test

import (
	"testing"
	"time"
)

func resendBody(email string) map[string]any { return map[string]any{"email": email} }

func TestResendVerificationRightAfterRegister(t *testing.T) {
	e := newEnv(t, nil)
	email, old := pendingAccount(e, "ada")
	c := e.client()
	r := c.do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 200, msgCodeSent)
	if string(r.Raw) != `{"statusCode":200,"message":"Verification code sent to your email","success":true}` {
		t.Fatalf("body %s", r.Raw)
	}
	if got := e.mail.count(email); got != 2 {
		t.Fatalf("%d mails, want 2", got)
	}
	fresh := e.mail.lastCode(t, email)
	if fresh != old {
		// The new code replaces the old one (they differ but for a one in
		// 900,000 draw).
		c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, old)).expect(t, 400, msgInvalidVerify)
	}
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, fresh)).expect(t, 200, msgVerified)
}

func TestResendVerificationOncePerMinute(t *testing.T) {
	e := newEnv(t, nil)
	email, _ := pendingAccount(e, "ada")
	c := e.client()
	c.do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 200, msgCodeSent)
	first := e.mail.lastCode(t, email)

	e.clock.Advance(59 * time.Second)
	c.do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 429, msgResendTooSoon)
	if got := e.mail.count(email); got != 2 {
		t.Fatalf("%d mails after a refused resend, want 2", got)
	}

	e.clock.Advance(time.Second)
	c.do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 200, msgCodeSent)
	if got := e.mail.count(email); got != 3 {
		t.Fatalf("%d mails, want 3", got)
	}
	second := e.mail.lastCode(t, email)
	if second != first {
		c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, first)).expect(t, 400, msgInvalidVerify)
	}
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, second)).expect(t, 200, msgVerified)
}

func TestResendVerificationRefusedResendKeepsCode(t *testing.T) {
	e := newEnv(t, nil)
	email, _ := pendingAccount(e, "ada")
	c := e.client()
	c.do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 200, msgCodeSent)
	code := e.mail.lastCode(t, email)
	c.do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 429, msgResendTooSoon)
	// The refused resend neither replaced the code nor reset its attempts.
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 200, msgVerified)
}

func TestResendVerificationRefusals(t *testing.T) {
	e := newEnv(t, nil)
	verified := e.signup("bob")
	c := e.client()
	c.do("POST", "/api/v1/auth/resend-verification", resendBody(verified)).expect(t, 400, msgAlreadyVerifd)
	c.do("POST", "/api/v1/auth/resend-verification", resendBody("nobody@example.com")).expect(t, 404, msgUserNotFound)
	c.do("POST", "/api/v1/auth/resend-verification", resendBody("not-an-email")).expect(t, 400, "Invalid email format")
	c.do("POST", "/api/v1/auth/resend-verification", map[string]any{}).
		expect(t, 400, "Invalid input: expected string, received undefined")
	if got := e.mail.count(verified); got != 1 {
		t.Fatalf("%d mails to the verified account, want only the sign-up one", got)
	}
}

func TestResendVerificationMailFailure(t *testing.T) {
	e := newEnv(t, nil)
	email, _ := pendingAccount(e, "ada")
	e.mail.setFail(true)
	e.client().do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 502, msgMailFailed)
	if got := e.mail.count(email); got != 1 {
		t.Fatalf("%d mails, want 1", got)
	}
	// Once mail is back (and the minute is over) a resend works and its code verifies.
	e.mail.setFail(false)
	e.clock.Advance(time.Minute)
	c := e.client()
	c.do("POST", "/api/v1/auth/resend-verification", resendBody(email)).expect(t, 200, msgCodeSent)
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, e.mail.lastCode(t, email))).expect(t, 200, msgVerified)
}
