package v1_test

import "testing"

// TestAuthorizationSchemeIsCaseInsensitive follows api-v1.md Part 1 #28
// (RFC 7235): "bearer <token>" works like "Bearer <token>" everywhere a
// token is read; other schemes are not credentials.
func TestAuthorizationSchemeIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada := e.member("ada")
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		c := e.client()
		c.header.Set("Authorization", scheme+" "+ada.cookies["accessToken"])
		if r := c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully"); r.data()["username"] != "ada" {
			t.Fatalf("%s: data %v", scheme, r.data())
		}
		c.do("GET", "/api/v1/video/me", nil).expect(t, 200, "videos fetched successfully")
		c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).
			expect(t, 400, "You are already logged in")

		r := e.client()
		r.header.Set("Authorization", scheme+"  "+e.login("ada").cookies["refreshToken"]+" ")
		r.do("POST", "/api/v1/auth/refresh-token", nil).expect(t, 200, "Access token refreshed successfully")
	}
	for _, header := range []string{"Basic " + ada.cookies["accessToken"], "Token " + ada.cookies["accessToken"], "Bearer", "bearer ", "Bearerx " + ada.cookies["accessToken"]} {
		c := e.client()
		c.header.Set("Authorization", header)
		c.do("GET", "/api/v1/auth/me", nil).expect(t, 401, "UNAUTHORIZED")
	}
}
