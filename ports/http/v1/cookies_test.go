package v1_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/wiring"
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

// tickingClock moves a millisecond forward each time it is read, as the
// wall clock does between issuing tokens and writing their cookies.
type tickingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *tickingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// The cookies' Max-Age is the refresh lifetime to the second, even when
// the clock moved between signing the tokens and writing the cookies.
func TestCookieMaxAgeIsWholeLifetime(t *testing.T) {
	t.Parallel()
	clock := &tickingClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	e := newEnvWith(t, nil, func(o *wiring.Overrides) { o.Clock = clock })
	e.signup("ada")
	r := e.client().do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).
		expect(t, 200, "User logged in successfully")
	for _, name := range []string{"accessToken", "refreshToken"} {
		if ck := r.Cookies[name]; ck == nil || ck.MaxAge != 30*24*3600 {
			t.Errorf("%s: %+v, want Max-Age %d", name, ck, 30*24*3600)
		}
	}
}
