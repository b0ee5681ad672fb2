package v1_test

import (
	"fmt"
	"testing"
	"time"
)

const (
	msgEmailCodeSent = "Verification code sent to the new email"
	msgEmailUpdated  = "Email updated successfully"
)

func emailBody(email string) map[string]any { return map[string]any{"email": email} }

func codeBody(code any) map[string]any { return map[string]any{"code": code} }

// The change happens only when the code mailed to the new address comes
// back; then the account signs in with the new address only.
func TestEmailChangeEndToEnd(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		const moved = "ada.new@example.com"
		oldMails := e.mail.count("ada@example.com")
		r := ada.do("PATCH", "/api/v1/user/email", emailBody("  Ada.New@Example.com ")).expect(t, 200, msgEmailCodeSent)
		if _, ok := r.Body["data"]; ok {
			t.Fatalf("data in %s", r.Raw)
		}
		if e.mail.count(moved) != 1 || e.mail.count("ada@example.com") != oldMails {
			t.Fatalf("mails: new %d, old %d (was %d)", e.mail.count(moved), e.mail.count("ada@example.com"), oldMails)
		}
		code := e.mail.lastCode(t, moved)
		// Nothing changed yet.
		if got := ada.do("GET", "/api/v1/auth/me", nil).data()["email"]; got != "ada@example.com" {
			t.Fatalf("email changed before the code: %v", got)
		}
		ada.do("POST", "/api/v1/user/email/verify", codeBody(otherCode(code))).expect(t, 400, "Invalid verification code")
		e.clock.Advance(time.Second)
		r = ada.do("POST", "/api/v1/user/email/verify", codeBody(code)).expect(t, 200, msgEmailUpdated)
		d := r.data()
		vtExpectKeys(t, "user", d, "_id", "username", "email", "name", "profileImage", "isVerified", "createdAt", "updatedAt")
		if d["email"] != moved || d["username"] != "ada" || d["updatedAt"] != vtStamp(e) {
			t.Fatalf("data %v", d)
		}
		if !canLogin(e, moved, goodPassword) || canLogin(e, "ada@example.com", goodPassword) || !canLogin(e, "ada", goodPassword) {
			t.Fatal("sign-in does not follow the new address")
		}
		// The code is spent, and the old address is free again.
		ada.do("POST", "/api/v1/user/email/verify", codeBody(code)).expect(t, 400, "Verification code expired. Please request a new one")
		bob := e.member("bob")
		bob.do("PATCH", "/api/v1/user/email", emailBody("ada@example.com")).expect(t, 200, msgEmailCodeSent)
	})
}

func TestEmailChangeRefusals(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		e.signup("bob")
		pendingAccount(e, "cat")
		// The account's own address changes nothing and sends nothing.
		sent := e.mail.count("ada@example.com")
		same := ada.do("PATCH", "/api/v1/user/email", emailBody("ADA@example.com")).expect(t, 200, "Email updated successfully")
		if same.data()["email"] != "ada@example.com" || e.mail.count("ada@example.com") != sent {
			t.Fatalf("own address: %s, %d mails", same.Raw, e.mail.count("ada@example.com")-sent)
		}
		ada.do("PATCH", "/api/v1/user/email", emailBody("bob@example.com")).expect(t, 409, "Email is already in use")
		ada.do("PATCH", "/api/v1/user/email", emailBody("cat@example.com")).expect(t, 409, "Email is already in use")
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/email", emailBody("not-an-email")), "email", "Invalid email format")
		r := ada.do("PATCH", "/api/v1/user/email", emailBody(""))
		r.expect(t, 400, "Email is required, Invalid email format")
		if len(r.Body["errors"].([]any)) != 2 {
			t.Fatalf("errors %v", r.Body["errors"])
		}
		ada.do("PATCH", "/api/v1/user/email", "{bad").expect(t, 400, "Malformed JSON in request body")
		e.client().do("PATCH", "/api/v1/user/email", emailBody("x@example.com")).expect(t, 401, "UNAUTHORIZED")
		if e.mail.count("bob@example.com") != 1 || e.mail.count("cat@example.com") != 1 {
			t.Fatal("a refused change mailed someone")
		}

		// No change asked for, and malformed codes.
		ada.do("POST", "/api/v1/user/email/verify", codeBody("123456")).expect(t, 400, "Verification code expired. Please request a new one")
		expectFieldError(t, ada.do("POST", "/api/v1/user/email/verify", codeBody("12345")), "code", "Verification code must be 6 digits")
		expectFieldError(t, ada.do("POST", "/api/v1/user/email/verify", codeBody(123456)), "code", "Invalid input: expected string, received number")
		e.client().do("POST", "/api/v1/user/email/verify", codeBody("123456")).expect(t, 401, "UNAUTHORIZED")

		// One code a minute; a new one replaces the old.
		ada.do("PATCH", "/api/v1/user/email", emailBody("first@example.com")).expect(t, 200, msgEmailCodeSent)
		first := e.mail.lastCode(t, "first@example.com")
		ada.do("PATCH", "/api/v1/user/email", emailBody("second@example.com")).
			expect(t, 429, "Please wait a minute before requesting another code")
		e.clock.Advance(61 * time.Second)
		ada.do("PATCH", "/api/v1/user/email", emailBody("second@example.com")).expect(t, 200, msgEmailCodeSent)
		second := e.mail.lastCode(t, "second@example.com")
		if first != second {
			ada.do("POST", "/api/v1/user/email/verify", codeBody(first)).expect(t, 400, "Invalid verification code")
		}
		// The address was taken since the code was sent.
		e.client().do("POST", "/api/v1/auth/register", registerBody("Thief", "second@example.com", "thief")).
			expect(t, 201, "User registered. Please verify your email")
		ada.do("POST", "/api/v1/user/email/verify", codeBody(second)).expect(t, 409, "Email is already in use")
		if got := ada.do("GET", "/api/v1/auth/me", nil).data()["email"]; got != "ada@example.com" {
			t.Fatalf("email %v", got)
		}
	})
}

func TestEmailChangeAttemptsAndMailFailure(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		e.mail.setFail(true)
		ada.do("PATCH", "/api/v1/user/email", emailBody("new@example.com")).expect(t, 502, "Could not send email, try again later")
		e.mail.setFail(false)
		// The failed mail left no code behind, and no wait.
		ada.do("POST", "/api/v1/user/email/verify", codeBody("123456")).expect(t, 400, "Verification code expired. Please request a new one")
		ada.do("PATCH", "/api/v1/user/email", emailBody("new@example.com")).expect(t, 200, msgEmailCodeSent)
		code := e.mail.lastCode(t, "new@example.com")
		for range 5 {
			ada.do("POST", "/api/v1/user/email/verify", codeBody(otherCode(code))).expect(t, 400, "Invalid verification code")
		}
		ada.do("POST", "/api/v1/user/email/verify", codeBody(code)).expect(t, 400, "Too many attempts. Request a new code")
		// A code is valid 15 minutes.
		e.clock.Advance(61 * time.Second)
		ada.do("PATCH", "/api/v1/user/email", emailBody("new@example.com")).expect(t, 200, msgEmailCodeSent)
		code = e.mail.lastCode(t, "new@example.com")
		e.clock.Advance(15*time.Minute + time.Second)
		ada = e.login("ada") // the access token expired meanwhile
		ada.do("POST", "/api/v1/user/email/verify", codeBody(code)).expect(t, 400, "Verification code expired. Please request a new one")
	})
}

// Asking for an email change mails any address, so it counts against the
// per-address limit of the routes that send codes.
func TestEmailChangeCountsAgainstTheSignupLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]string{"RATE_LIMIT_SIGNUP": "2"})
	ada := e.member("ada")
	for i, want := range []int{200, 200, 429} {
		to := fmt.Sprintf("ada%d@new.example", i)
		r := ada.do("PATCH", "/api/v1/user/email", emailBody(to))
		if r.Status != want {
			t.Fatalf("request %d: %d %s, want %d", i+1, r.Status, r.Raw, want)
		}
		if want == 429 && (r.message() != "Too many requests, please try again later." || e.mail.count(to) != 0) {
			t.Fatalf("past the limit: %s, %d mails", r.Raw, e.mail.count(to))
		}
		e.clock.Advance(2 * time.Minute) // past the interval between codes
	}
}
