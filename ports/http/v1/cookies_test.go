package v1_test

import (
	"net/http"
	"testing"
	"time"
)

// TestTokenCookiesLiveAsLongAsTheRefreshToken follows api-v1.md Part 1 #12:
// both cookies carry Max-Age and Expires of the refresh lifetime, on login
// and on refresh, while the access JWT inside still expires after
// JWT_ACCESS_TTL.
func TestTokenCookiesLiveAsLongAsTheRefreshToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]string{"JWT_ACCESS_TTL": "10m", "JWT_REFRESH_TTL": "48h"})
	e.signup("ada")
	c := e.client()
	expectLifetime := func(r *resp, what string) {
		t.Helper()
		want := e.clock.Now().Add(48 * time.Hour)
		for _, name := range []string{"accessToken", "refreshToken"} {
			ck := r.Cookies[name]
			if ck == nil {
				t.Fatalf("%s: no %s cookie", what, name)
			}
			if ck.MaxAge != 48*3600 || !ck.Expires.Equal(want.Truncate(time.Second)) {
				t.Errorf("%s: %s Max-Age %d Expires %v, want %d and %v", what, name, ck.MaxAge, ck.Expires, 48*3600, want)
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
				t.Errorf("%s: %s attributes %+v", what, name, ck)
			}
		}
	}
	expectLifetime(c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).
		expect(t, 200, "User logged in successfully"), "login")

	// The cookie outlives the token in it: the browser still sends it,
	// and the API tells the client to refresh.
	e.clock.Advance(11 * time.Minute)
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "ACCESS_TOKEN_EXPIRED")
	expectLifetime(c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, "Access token refreshed successfully"), "refresh")
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
}
