package inbound

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestTokenTakesTheFirstPresent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		cookie, auth string
		query, want  string
	}{
		{name: "cookie first", cookie: "c", auth: "Bearer h", query: "q", want: "c"},
		{name: "then the header", auth: "bearer  h ", query: "q", want: "h"},
		{name: "another scheme is no token", auth: "Basic h", query: "q", want: "q"},
		{name: "an empty bearer is no token", auth: "Bearer ", query: "q", want: "q"},
		{name: "then the query", query: "q", want: "q"},
		{name: "none", want: ""},
	} {
		r := httptest.NewRequest("GET", "/api/v1/live?token="+tc.query, nil)
		if tc.cookie != "" {
			r.AddCookie(&http.Cookie{Name: "accessToken", Value: tc.cookie})
		}
		if tc.auth != "" {
			r.Header.Set("Authorization", tc.auth)
		}
		if got := Token(r); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestOriginsAdmitTheServerAndTheAllowed(t *testing.T) {
	t.Parallel()
	o := NewOrigins([]string{"http://localhost:3000", "https://App.example"})
	for origin, want := range map[string]bool{
		"":                        true, // not a browser
		"http://api.example":      true, // the server's own
		"http://api.example:80":   true,
		"https://api.example":     true, // the same host behind a TLS proxy
		"http://api.example:8080": false,
		"http://localhost:3000":   true,
		"https://app.example":     true,
		"https://evil.example":    false,
		"http://localhost:3001":   false,
		"null":                    false,
		"http://api.example.evil": false,
	} {
		r := httptest.NewRequest("GET", "http://api.example/api/v1/live", nil)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		if got := o.Admits(r); got != want {
			t.Errorf("origin %q: admitted %v, want %v", origin, got, want)
		}
	}
}

func TestRoomPayloads(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]room{
		`"abc"`:                           {VideoID: "abc"},
		`{"videoId":"abc"}`:               {VideoID: "abc"},
		`{"videoId":"abc","since":"def"}`: {VideoID: "abc", Since: "def"},
	} {
		got, err := roomOf(json.RawMessage(raw))
		if err != nil || got != want {
			t.Errorf("%s: %+v %v", raw, got, err)
		}
	}
	for _, raw := range []string{`""`, `42`, `null`, `{}`, `{"since":"x"}`, `{"videoId":7}`, `["abc"]`, `{"videoId":"abc","since":5}`} {
		if _, err := roomOf(json.RawMessage(raw)); err != ErrBadPayload {
			t.Errorf("%s: %v, want ErrBadPayload", raw, err)
		}
	}
}
