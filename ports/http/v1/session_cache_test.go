package v1_test

import (
	"testing"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/wiring"
)

// TestOneInstanceRemembersSessions checks that a lone instance reads a
// session once for a client's successive requests, and that a logout
// still ends it at once (SQLite).
func TestOneInstanceRemembersSessions(t *testing.T) {
	t.Parallel()
	if !firstPass {
		t.Skip("runs on SQLite in the first pass")
	}
	counter := &statementCounter{n: map[string]int{}}
	e := newEnvWith(t, map[string]string{"DATABASE_URL": databases.URL(t, "sqlite")}, func(o *wiring.Overrides) {
		o.OnQuery = counter.observe
	})
	c := e.member("remembered")
	if n := counter.statements(t, c, "/api/v1/auth/me"); n < 1 {
		t.Fatalf("a first /auth/me cost %d statements, want the session's read", n)
	}
	if n := counter.statements(t, c, "/api/v1/auth/me"); n != 0 {
		t.Fatalf("a second /auth/me cost %d statements, want 0", n)
	}
	token := c.cookies["accessToken"]
	c.do("POST", "/api/v1/auth/logout", nil).expect(t, 200, "User logged out successfully")
	// The logout clears the cookie; the token is sent again as a client
	// that kept it would.
	c.cookies["accessToken"] = token
	if r := c.do("GET", "/api/v1/auth/me", nil); r.Status != 401 {
		t.Fatalf("/auth/me after logout: %d %s", r.Status, r.Raw)
	}
}

// TestLogoutEndsTheSessionOnEveryInstance builds two instances on one
// database and one Redis broker: a session that one of them has served
// many times ends there as soon as the other logs it out.
func TestLogoutEndsTheSessionOnEveryInstance(t *testing.T) {
	t.Parallel()
	if !firstPass {
		t.Skip("runs on SQLite in the first pass")
	}
	vars := map[string]string{"DATABASE_URL": databases.URL(t, "sqlite"), "REDIS_URL": redistest.URL(t), "BROKER": "redis"}
	a, b := newEnv(t, vars), newEnv(t, vars)
	onA := a.member("twoplaces")
	onB := &client{e: b, ip: onA.ip, cookies: map[string]string{"accessToken": onA.cookies["accessToken"]}, header: onA.header.Clone()}
	for range 3 {
		onB.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	}
	onA.do("POST", "/api/v1/auth/logout", nil).expect(t, 200, "User logged out successfully")
	if r := onB.do("GET", "/api/v1/auth/me", nil); r.Status != 401 {
		t.Fatalf("/auth/me on the other instance after logout: %d %s", r.Status, r.Raw)
	}
}
