package v1_test

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

// TestResetPasswordUnknownEmailLooksLikeNoCode follows api-v1.md Part 1
// #15: reset-password answers an unknown address exactly as an account
// without a live code (none asked, expired, used up, or an unverified
// sign-up), status, body and headers that could tell them apart alike.
func TestResetPasswordUnknownEmailLooksLikeNoCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	never := e.signup("never")
	expired := e.signup("expired")
	requestReset(e, expired)
	used := e.signup("used")
	code := requestReset(e, used)
	e.client().do("POST", "/api/v1/auth/reset-password", resetBody(used, code, newPassword)).expect(t, 200, msgReset)
	e.client().do("POST", "/api/v1/auth/register", registerBody("Pending", "pending@example.com", "pending")).
		expect(t, 201, "User registered. Please verify your email")
	e.clock.Advance(16 * time.Minute) // past the expired account's code

	send := func(email string) *resp {
		return e.client().do("POST", "/api/v1/auth/reset-password", resetBody(email, "123456", newPassword))
	}
	unknown := send("nobody@example.com")
	unknown.expect(t, 400, msgResetExpired)
	for _, email := range []string{never, expired, used, "pending@example.com"} {
		r := send(email)
		if r.Status != unknown.Status || !bytes.Equal(r.Raw, unknown.Raw) {
			t.Errorf("%s: %d %s, unknown address: %d %s", email, r.Status, r.Raw, unknown.Status, unknown.Raw)
		}
		for _, h := range []string{"Content-Type", "Content-Length", "Cache-Control", "Set-Cookie", "Retry-After"} {
			if !slices.Equal(r.Header.Values(h), unknown.Header.Values(h)) {
				t.Errorf("%s: %s %q, unknown address %q", email, h, r.Header.Values(h), unknown.Header.Values(h))
			}
		}
	}
}
