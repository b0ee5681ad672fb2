package v1_test

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const refreshed = "Access token refreshed successfully"

// refreshWith presents token from a new client and returns the answer and
// the client, which holds whatever cookies the answer set.
func (e *env) refreshWith(token string) (*resp, *client) {
	e.t.Helper()
	c := e.client()
	c.cookies["refreshToken"] = token
	return c.do("POST", "/api/v1/auth/refresh-token", nil), c
}

// Session ids are public, so a refresh token can be forged around a real
// one; a secret the session never issued must be refused without ending it.
func TestRefreshForgedSecretLeavesSessionAlone(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	victim := e.member("ada")
	sid, secret, _ := strings.Cut(victim.cookies["refreshToken"], ".")
	oneOff := secret[:42] + "A"
	if secret[42] == 'A' {
		oneOff = secret[:42] + "B"
	}
	forge := func() {
		t.Helper()
		for _, forged := range []string{
			strings.Repeat("A", 43),
			strings.Repeat("_", 43),
			oneOff,
		} {
			r, _ := e.refreshWith(sid + "." + forged)
			r.expect(t, 401, "INVALID_REFRESH_TOKEN")
		}
	}
	forge()
	victim.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	victim.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, refreshed)
	// Forged again while the session is in its grace window, and after it.
	forge()
	e.clock.Advance(time.Minute)
	forge()
	victim.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	victim.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, refreshed)
	victim.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
}

// A page that fires many requests at once with an expired access token
// refreshes once per request: every one succeeds, and all of them get the
// same next token, so whichever Set-Cookie the browser keeps works. SQLite
// runs it too, as its writes are slow enough for the racers to collide.
func TestRefreshManyRacersShareOneToken(t *testing.T) {
	t.Parallel()
	for name, databaseURL := range map[string]func(*testing.T) string{
		"memory": func(*testing.T) string { return "memory:" },
		"sqlite": func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "stagecast.db") },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, map[string]string{"DATABASE_URL": databaseURL(t)})
			token := e.member("ada").cookies["refreshToken"]
			const n = 20
			answers := make([]*resp, n)
			holders := make([]*client, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				holders[i] = e.client()
				holders[i].cookies["refreshToken"] = token
				wg.Go(func() {
					<-start
					answers[i] = holders[i].do("POST", "/api/v1/auth/refresh-token", nil)
				})
			}
			close(start)
			wg.Wait()
			for _, r := range answers {
				r.expect(t, 200, refreshed)
			}
			next := holders[0].cookies["refreshToken"]
			for i := range holders {
				if got := holders[i].cookies["refreshToken"]; got != next || got == token {
					t.Fatalf("racer %d got refresh token %q, racer 0 %q (presented %q)", i, got, next, token)
				}
			}
			e.clock.Advance(time.Minute) // past the grace: only the new token is good
			r, c := e.refreshWith(next)
			r.expect(t, 200, refreshed)
			c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
		})
	}
}

// Tokens handed out one after another within the grace all keep working
// until the session rotates past them.
func TestRefreshEveryGracedTokenWorks(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	token := e.member("ada").cookies["refreshToken"]
	var issued []string
	for range 3 {
		r, c := e.refreshWith(token)
		r.expect(t, 200, refreshed)
		issued = append(issued, c.cookies["refreshToken"])
		e.clock.Advance(time.Second)
	}
	e.clock.Advance(time.Minute)
	// The second token, which the old single spare slot forgot.
	r, c := e.refreshWith(issued[1])
	r.expect(t, 200, refreshed)
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
}

// A token two rotations old is a replay even while the latest rotation is
// in its grace: only the token rotated out last is graced.
func TestRefreshOlderRotatedTokenRevokes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	first := c.cookies["refreshToken"]
	c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, refreshed)
	e.clock.Advance(time.Minute)
	c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, refreshed)
	r, _ := e.refreshWith(first)
	r.expect(t, 401, "INVALID_REFRESH_TOKEN")
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "INVALID_REFRESH_TOKEN")
}
