package v1_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLoginSetsCookies(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	for _, ident := range []string{"ada", " ADA@example.com "} {
		c := e.client()
		r := c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": ident, "password": goodPassword})
		r.expect(t, 200, "User logged in successfully")
		d := r.data()
		if d["username"] != "ada" || d["email"] != "ada@example.com" || d["isVerified"] != true {
			t.Fatalf("data %v", d)
		}
		for _, secret := range []string{"password", "refreshToken", "passwordHash"} {
			if _, ok := d[secret]; ok {
				t.Fatalf("data exposes %s", secret)
			}
		}
		if strings.Contains(string(r.Raw), "$2a$") {
			t.Fatal("body contains a password hash")
		}
		access, refresh := r.Cookies["accessToken"], r.Cookies["refreshToken"]
		if access == nil || refresh == nil {
			t.Fatalf("cookies %v", r.Cookies)
		}
		for _, ck := range []*http.Cookie{access, refresh} {
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure {
				t.Fatalf("cookie attributes %+v", ck)
			}
		}
		if access.MaxAge != 30*24*3600 || refresh.MaxAge != 30*24*3600 {
			t.Fatalf("max-age access %d refresh %d", access.MaxAge, refresh.MaxAge)
		}
	}
}

func TestLoginRefused(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	c := e.client()
	c.do("POST", "/api/v1/auth/register", registerBody("Bo", "bo@example.com", "bo")).expect(t, 201, "User registered. Please verify your email")
	for _, tc := range []struct{ ident, pw string }{
		{"ada", "Wrong123"},
		{"nobody", goodPassword},
		{"nobody@example.com", goodPassword},
		{"bo", goodPassword}, // not verified
	} {
		r := c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": tc.ident, "password": tc.pw})
		r.expect(t, 401, "Invalid credentials")
		if len(r.Cookies) != 0 {
			t.Fatal("refused login set cookies")
		}
	}
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": " ", "password": ""}).
		expect(t, 400, "Email or username is required, Password is required")
}

func TestMe(t *testing.T) {
	e := newEnv(t, nil)
	c := e.member("ada")
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")

	// The same token works as a Bearer header.
	b := e.client()
	b.header.Set("Authorization", "Bearer "+c.cookies["accessToken"])
	if r := b.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully"); r.data()["username"] != "ada" {
		t.Fatalf("data %v", r.data())
	}
	// A raw token without the Bearer scheme is not a credential.
	raw := e.client()
	raw.header.Set("Authorization", c.cookies["accessToken"])
	raw.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	e.client().do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")

	forged := e.client()
	forged.cookies["accessToken"] = c.cookies["accessToken"][:len(c.cookies["accessToken"])-2] + "xx"
	forged.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")

	e.clock.Advance(16 * time.Minute)
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "ACCESS_TOKEN_EXPIRED")
}

func TestRefreshRotates(t *testing.T) {
	e := newEnv(t, nil)
	c := e.member("ada")
	first := c.cookies["refreshToken"]
	e.clock.Advance(20 * time.Minute)
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "ACCESS_TOKEN_EXPIRED")
	r := c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, "Access token refreshed successfully")
	if _, ok := r.Body["data"]; ok {
		t.Fatal("refresh returned data")
	}
	if c.cookies["refreshToken"] == first || c.cookies["refreshToken"] == "" {
		t.Fatal("refresh token did not rotate")
	}
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")

	// Refresh works with Bearer too.
	b := e.client()
	b.header.Set("Authorization", "Bearer "+c.cookies["refreshToken"])
	b.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, "Access token refreshed successfully")
}

func TestRefreshReuseRevokesSession(t *testing.T) {
	e := newEnv(t, nil)
	victim := e.member("ada")
	stolen := victim.cookies["refreshToken"]
	victim.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, "Access token refreshed successfully")

	e.clock.Advance(11 * time.Second) // past the grace for racing requests
	// The victim's session is in use, as the theft is found.
	victim.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	thief := e.client()
	thief.cookies["refreshToken"] = stolen
	r := thief.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "INVALID_REFRESH_TOKEN")
	for _, n := range []string{"accessToken", "refreshToken"} {
		if ck := r.Cookies[n]; ck == nil || ck.MaxAge >= 0 {
			t.Fatalf("%s not cleared: %v", n, ck)
		}
	}
	// The whole session is gone: the victim's fresh tokens stop working at once.
	victim.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	victim.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "INVALID_REFRESH_TOKEN")
	// Other sessions of the user are untouched.
	e.login("ada").do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
}

func TestRefreshRefused(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	r := c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "UNAUTHORIZED")
	if r.Cookies["accessToken"] == nil || r.Cookies["refreshToken"] != nil {
		t.Fatalf("without a token only accessToken is cleared: %v", r.Cookies)
	}
	for _, bad := range []string{"garbage", "0123456789abcdef01234567.short", "0123456789abcdef01234567." + strings.Repeat("A", 43)} {
		c.cookies["refreshToken"] = bad
		c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "INVALID_REFRESH_TOKEN")
	}
	// An expired session cannot be refreshed.
	old := e.member("ada")
	e.clock.Advance(31 * 24 * time.Hour)
	old.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "INVALID_REFRESH_TOKEN")
}

func TestLogout(t *testing.T) {
	e := newEnv(t, nil)
	c := e.member("ada")
	other := e.login("ada")
	access, refresh := c.cookies["accessToken"], c.cookies["refreshToken"]
	r := c.do("POST", "/api/v1/auth/logout", nil).expect(t, 200, "User logged out successfully")
	if ck := r.Cookies["refreshToken"]; ck == nil || ck.MaxAge >= 0 {
		t.Fatal("refresh cookie not cleared")
	}
	// The revoked session's tokens stop at once, though the JWT has not expired.
	c.cookies["accessToken"], c.cookies["refreshToken"] = access, refresh
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	c.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "INVALID_REFRESH_TOKEN")
	other.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	e.client().do("POST", "/api/v1/auth/logout", nil).expect(t, 401, "UNAUTHORIZED")
}

func TestLogoutAll(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	a, b := e.login("ada"), e.login("ada")
	b.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	a.do("POST", "/api/v1/auth/logout-all", nil).expect(t, 200, "Logged out of all sessions")
	b.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	b.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 401, "INVALID_REFRESH_TOKEN")
	if len(a.cookies) != 0 {
		t.Fatalf("cookies left: %v", a.cookies)
	}
}

func TestSessionsListAndRevoke(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	e.signup("bob")
	phone := e.client()
	phone.header.Set("User-Agent", "Phone/1.0")
	phone.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).expect(t, 200, "User logged in successfully")
	e.clock.Advance(time.Minute)
	laptop := e.login("ada")
	bob := e.login("bob")

	r := laptop.do("GET", "/api/v1/auth/sessions", nil).expect(t, 200, "Sessions fetched successfully")
	list, _ := r.Body["data"].([]any)
	if len(list) != 2 {
		t.Fatalf("sessions %v", r.Body["data"])
	}
	newest, oldest := list[0].(map[string]any), list[1].(map[string]any)
	if newest["current"] != true || oldest["current"] != false || oldest["userAgent"] != "Phone/1.0" {
		t.Fatalf("order or flags wrong: %v", list)
	}
	phoneID := oldest["_id"].(string)

	bob.do("DELETE", "/api/v1/auth/sessions/"+phoneID, nil).expect(t, 404, "Session not found")
	phone.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	laptop.do("DELETE", "/api/v1/auth/sessions/not-an-id", nil).expect(t, 400, "Invalid ID")
	laptop.do("DELETE", "/api/v1/auth/sessions/"+phoneID, nil).expect(t, 200, "Session revoked successfully")
	phone.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	laptop.do("DELETE", "/api/v1/auth/sessions/"+phoneID, nil).expect(t, 404, "Session not found")
	laptop.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	c, other := e.login("ada"), e.login("ada")
	c.do("POST", "/api/v1/auth/change-password", map[string]any{"oldPassword": "Nope1234", "newPassword": "Newpass123"}).
		expect(t, 401, "old password is incorrect")
	c.do("POST", "/api/v1/auth/change-password", map[string]any{"oldPassword": goodPassword, "newPassword": "short"}).
		expect(t, 400, "Password must be at least 6 characters, Password must contain uppercase, lowercase, and a number")
	other.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	c.do("POST", "/api/v1/auth/change-password", map[string]any{"oldPassword": goodPassword, "newPassword": "Newpass123"}).
		expect(t, 200, "Password changed successfully")
	// This session stays; every other one ends.
	c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	other.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	e.client().do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).expect(t, 401, "Invalid credentials")
	e.client().do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": "Newpass123"}).expect(t, 200, "User logged in successfully")
	e.client().do("POST", "/api/v1/auth/change-password", map[string]any{"oldPassword": "x", "newPassword": "Newpass123"}).expect(t, 401, "UNAUTHORIZED")
}
