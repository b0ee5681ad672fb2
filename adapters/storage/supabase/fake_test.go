package supabase_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/adapters/storage/supabase/supabasefake"
)

// TestFakeRejects checks that the fake refuses what Supabase refuses, so
// that the adapter's passing tests mean something.
func TestFakeRejects(t *testing.T) {
	f := supabasefake.New(t, serviceKey, bucket)
	api := f.URL() + "/storage/v1"
	do := func(method, path string, hdr map[string]string, body string) (int, string) {
		req, _ := http.NewRequest(method, api+path, strings.NewReader(body))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := f.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	auth := map[string]string{"apikey": serviceKey, "Authorization": "Bearer " + serviceKey, "Content-Type": "video/mp4"}
	with := func(k, v string) map[string]string {
		h := map[string]string{}
		for kk, vv := range auth {
			h[kk] = vv
		}
		if v == "" {
			delete(h, k)
		} else {
			h[k] = v
		}
		return h
	}
	for _, c := range []struct {
		name         string
		method, path string
		hdr          map[string]string
		status       int
		contains     string
	}{
		{"no apikey", "POST", "/object/media/a.mp4", with("apikey", ""), 401, "No API key"},
		{"wrong apikey", "POST", "/object/media/a.mp4", with("apikey", "x"), 401, "Invalid API key"},
		{"no bearer", "POST", "/object/media/a.mp4", with("Authorization", ""), 403, "authorization"},
		{"wrong bearer", "POST", "/object/media/a.mp4", with("Authorization", "Bearer x"), 403, "invalid signature"},
		{"other bucket", "POST", "/object/other/a.mp4", auth, 404, `"error":"Bucket not found"`},
		{"no content type", "POST", "/object/media/a.mp4", with("Content-Type", ""), 400, "Content-Type"},
		{"missing object", "GET", "/object/authenticated/media/none.mp4", auth, 404, `"statusCode":"404"`},
		{"stored", "POST", "/object/media/a.mp4", auth, 200, `"Key":"media/a.mp4"`},
		{"no upsert on existing", "POST", "/object/media/a.mp4", auth, 409, "already exists"},
		{"upsert on existing", "POST", "/object/media/a.mp4", with("x-upsert", "true"), 200, ""},
		{"unsigned upload", "PUT", "/object/upload/sign/media/a.mp4", map[string]string{"Content-Type": "video/mp4"}, 400, "token"},
		{"forged token", "PUT", "/object/upload/sign/media/a.mp4?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.AAAA", map[string]string{"Content-Type": "video/mp4"}, 403, "invalid signature"},
	} {
		status, body := do(c.method, c.path, c.hdr, "data")
		if status != c.status || !strings.Contains(body, c.contains) {
			t.Errorf("%s: %d %s, want %d containing %q", c.name, status, body, c.status, c.contains)
		}
	}
}
