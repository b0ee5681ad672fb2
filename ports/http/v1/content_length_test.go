package v1_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// TestJSONAnswersCarryTheirLength checks that JSON answers, successes and
// errors alike, go out with a Content-Length that matches their body, not
// chunked, and that HEAD answers the length GET would send.
func TestJSONAnswersCarryTheirLength(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("lengthy")
	for i := range 12 {
		c.newVideo(t, "Long list "+strconv.Itoa(i), true)
	}
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close)

	get := func(method, path string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: "accessToken", Value: c.cookies["accessToken"]})
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	for _, tc := range []struct {
		path   string
		status int
		head   bool // whether the route answers HEAD
		large  bool // whether the body outgrows net/http's buffer, past which it would chunk
	}{
		{"/api/v1/video?limit=12", 200, false, true},
		{"/api/v1/auth/me", 200, true, false},
		{"/api/v1/video/not-an-id", 400, true, false},
	} {
		resp, body := get("GET", tc.path)
		if resp.StatusCode != tc.status {
			t.Fatalf("GET %s: %d, want %d", tc.path, resp.StatusCode, tc.status)
		}
		if resp.ContentLength != int64(len(body)) || len(resp.TransferEncoding) != 0 || len(body) == 0 || (tc.large && len(body) <= 4096) {
			t.Errorf("GET %s: Content-Length %d, transfer encoding %v, body of %d bytes", tc.path, resp.ContentLength, resp.TransferEncoding, len(body))
		}
		if !tc.head {
			continue
		}
		head, none := get("HEAD", tc.path)
		if head.StatusCode != tc.status || head.ContentLength != int64(len(body)) || len(none) != 0 {
			t.Errorf("HEAD %s: %d, Content-Length %d, body of %d bytes; GET's body has %d", tc.path, head.StatusCode, head.ContentLength, len(none), len(body))
		}
	}
}
