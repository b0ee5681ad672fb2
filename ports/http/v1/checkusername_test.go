package v1_test

import (
	"testing"
)

func TestCheckUsernameAvailability(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	pendingAccount(e, "bob")
	c := e.client()
	for _, tc := range []struct {
		query     string
		available bool
	}{
		{"free_name", true},
		{"bob", true},          // held only by an unverified account
		{"BOB", true},          // the same, in another case
		{"ada", false},         // verified
		{"ADA", false},         // case-insensitive
		{"%20ADA%20", false},   // and space-insensitive
		{"%09ada%09", false},   // tabs too (a line break is refused)
		{"ada_", true},         // a different name
		{"Ada&other=1", false}, // unknown parameters are ignored
		{"ada&username2=x", false},
	} {
		r := c.do("GET", "/api/v1/auth/check-username?username="+tc.query, nil)
		want := "Username is available"
		if !tc.available {
			want = "Username is already taken"
		}
		r.expect(t, 200, want)
		if got, ok := r.data()["available"].(bool); !ok || got != tc.available || len(r.data()) != 1 {
			t.Errorf("%s: data %v, want available %v", tc.query, r.data(), tc.available)
		}
		if r.Body["success"] != true || r.Body["statusCode"] != float64(200) {
			t.Errorf("%s: body %s", tc.query, r.Raw)
		}
	}
}

func TestCheckUsernameValidation(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	c := e.client()
	const chars = "Username can only contain letters, numbers, and underscores"
	for _, tc := range []struct {
		name, path, want string
	}{
		{"dash", "?username=a-b", chars},
		{"dot", "?username=ada.l", chars},
		{"inner space", "?username=a%20b", chars},
		{"non-ASCII", "?username=%C3%A9mile", chars},
		{"empty", "?username=", "Username is required, " + chars},
		{"blank", "?username=%20%20", "Username is required, " + chars},
		{"too long", "?username=" + "a234567890123456789012345678901", "Username must be at most 30 characters"},
		{"missing", "", "Invalid input: expected string, received undefined"},
		{"other parameter only", "?name=ada", "Invalid input: expected string, received undefined"},
		{"repeated", "?username=ada&username=bob", "Invalid input: expected string, received array"},
		{"repeated same", "?username=ada&username=ada", "Invalid input: expected string, received array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do("GET", "/api/v1/auth/check-username"+tc.path, nil).expect(t, 400, tc.want)
			errsList, _ := r.Body["errors"].([]any)
			if len(errsList) == 0 {
				t.Fatalf("no errors list: %s", r.Raw)
			}
			for _, fe := range errsList {
				if f := fe.(map[string]any); f["field"] != "username" {
					t.Errorf("error for field %v", f["field"])
				}
			}
		})
	}
}

func TestCheckUsernameIsPublic(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	// A signed-in caller may ask too (the route is not guest-only).
	e.login("ada").do("GET", "/api/v1/auth/check-username?username=ada", nil).expect(t, 200, "Username is already taken")
}
