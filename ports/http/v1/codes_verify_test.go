package v1_test

import (
	"sync"
	"testing"
	"time"
)

// Messages of the code routes.
const (
	msgVerified       = "Email verified successfully"
	msgCodeSent       = "Verification code sent to your email"
	msgInvalidVerify  = "Invalid verification code"
	msgVerifyExpired  = "Verification code expired. Please sign up again"
	msgTooManyTries   = "Too many attempts. Request a new code"
	msgAlreadyVerifd  = "User already verified"
	msgUserNotFound   = "User not found"
	msgCodeFormat     = "Verification code must be 6 digits"
	msgResendTooSoon  = "Please wait a minute before requesting another code"
	msgMailFailed     = "Could not send email, try again later"
	msgBadCredentials = "Invalid credentials"
)

// pendingAccount registers username without verifying it and returns its
// email and the mailed code.
func pendingAccount(e *env, username string) (email, code string) {
	e.t.Helper()
	email = username + "@example.com"
	e.client().do("POST", "/api/v1/auth/register", registerBody("User "+username, email, username)).
		expect(e.t, 201, "User registered. Please verify your email")
	return email, e.mail.lastCode(e.t, email)
}

// otherCode returns a well-formed code that differs from code.
func otherCode(code string) string {
	first := byte('0' + (code[0]-'0'+1)%10)
	return string(first) + code[1:]
}

func verifyBody(email, code any) map[string]any { return map[string]any{"email": email, "code": code} }

func TestVerifyAccountSucceedsThenLoginWorks(t *testing.T) {
	e := newEnv(t, nil)
	email, code := pendingAccount(e, "ada")
	c := e.client()
	login := map[string]any{"identifier": "ada", "password": goodPassword}
	c.do("POST", "/api/v1/auth/login", login).expect(t, 401, msgBadCredentials)

	r := c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 200, msgVerified)
	if string(r.Raw) != `{"statusCode":200,"message":"Email verified successfully","success":true}` {
		t.Fatalf("body %s", r.Raw)
	}
	if len(r.Cookies) != 0 {
		t.Fatalf("verify-account set cookies: %v", r.Cookies)
	}
	c.do("POST", "/api/v1/auth/login", login).expect(t, 200, "User logged in successfully")
	// The spent code cannot verify again.
	e.client().do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 400, msgAlreadyVerifd)
}

func TestVerifyAccountRefusals(t *testing.T) {
	e := newEnv(t, nil)
	verified := e.signup("bob")
	email, code := pendingAccount(e, "ada")
	c := e.client()

	c.do("POST", "/api/v1/auth/verify-account", verifyBody("nobody@example.com", "123456")).expect(t, 404, msgUserNotFound)
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(verified, "123456")).expect(t, 400, msgAlreadyVerifd)
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, otherCode(code))).expect(t, 400, msgInvalidVerify)
	// The address is normalized before the lookup.
	c.do("POST", "/api/v1/auth/verify-account", verifyBody("  ADA@Example.COM ", code)).expect(t, 200, msgVerified)
}

func TestVerifyAccountExpired(t *testing.T) {
	e := newEnv(t, nil)
	email, code := pendingAccount(e, "ada")
	e.clock.Advance(15 * time.Minute)
	c := e.client()
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 400, msgVerifyExpired)
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).
		expect(t, 401, msgBadCredentials)
}

func TestVerifyAccountJustBeforeExpiry(t *testing.T) {
	e := newEnv(t, nil)
	email, code := pendingAccount(e, "ada")
	e.clock.Advance(15*time.Minute - time.Second)
	e.client().do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 200, msgVerified)
}

func TestVerifyAccountTooManyAttempts(t *testing.T) {
	e := newEnv(t, nil)
	email, code := pendingAccount(e, "ada")
	c := e.client()
	for i := range 5 {
		if r := c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, otherCode(code))); r.Status != 400 || r.message() != msgInvalidVerify {
			t.Fatalf("attempt %d: %d %s", i+1, r.Status, r.Raw)
		}
	}
	// The sixth attempt is refused even with the right code...
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 400, msgTooManyTries)
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 400, msgTooManyTries)
	// ...and the account stays unverified until a new code is requested.
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).
		expect(t, 401, msgBadCredentials)
	c.do("POST", "/api/v1/auth/resend-verification", map[string]any{"email": email}).expect(t, 200, msgCodeSent)
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, e.mail.lastCode(t, email))).expect(t, 200, msgVerified)
}

func TestVerifyAccountValidation(t *testing.T) {
	e := newEnv(t, nil)
	email, code := pendingAccount(e, "ada")
	c := e.client()
	for _, tc := range []struct {
		name string
		code any
		want string
	}{
		{"five digits", "12345", msgCodeFormat},
		{"seven digits", "1234567", msgCodeFormat},
		{"letters", "abcdef", msgCodeFormat},
		{"padded", " 12345", msgCodeFormat},
		{"number", 123456, "Invalid input: expected string, received number"},
		{"null", nil, "Invalid input: expected string, received null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, tc.code)).expect(t, 400, tc.want)
			errsList, _ := r.Body["errors"].([]any)
			if len(errsList) != 1 || errsList[0].(map[string]any)["field"] != "code" {
				t.Fatalf("errors: %v", r.Body["errors"])
			}
		})
	}
	c.do("POST", "/api/v1/auth/verify-account", map[string]any{"email": email}).
		expect(t, 400, "Invalid input: expected string, received undefined")
	// Malformed requests spend no attempt: the code still works.
	c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 200, msgVerified)
}

func TestVerifyAccountConcurrentAttemptsAreCounted(t *testing.T) {
	e := newEnv(t, nil)
	email, code := pendingAccount(e, "ada")
	const n = 20
	type result struct {
		status int
		msg    string
	}
	results := make(chan result, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.client()
			<-start
			r := c.do("POST", "/api/v1/auth/verify-account", verifyBody(email, otherCode(code)))
			results <- result{r.Status, r.message()}
		}()
	}
	close(start)
	wg.Wait()
	close(results)
	invalid := 0
	for r := range results {
		switch {
		case r.status == 400 && r.msg == msgInvalidVerify:
			invalid++
		case r.status == 400 && r.msg == msgTooManyTries:
		default:
			t.Errorf("racing attempt: %d %q", r.status, r.msg)
		}
	}
	if invalid != 5 {
		t.Errorf("%d attempts were checked against the code, want 5", invalid)
	}
	e.client().do("POST", "/api/v1/auth/verify-account", verifyBody(email, code)).expect(t, 400, msgTooManyTries)
}
