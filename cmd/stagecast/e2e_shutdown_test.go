package main

import (
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestStopsWithARequestInFlight sends SIGTERM in the middle of an upload
// whose client stopped sending, with a short SHUTDOWN_TIMEOUT: the upload
// is cut when the timeout passes, and the process still exits cleanly.
func TestStopsWithARequestInFlight(t *testing.T) {
	workdir := t.TempDir()
	if err := os.WriteFile(filepath.Join(workdir, ".env"), []byte("SHUTDOWN_TIMEOUT=100ms\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := start(t, buildBinary(t), workdir)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	post(t, c, srv.base+"/api/v1/auth/register", `{"name":"Ada","email":"ada@example.com","username":"ada","password":"Secret123"}`, 201)
	code := srv.waitFor(t, regexp.MustCompile(`Your code: (\d{6})`))
	post(t, c, srv.base+"/api/v1/auth/verify-account", `{"email":"ada@example.com","code":"`+code+`"}`, 200)
	post(t, c, srv.base+"/api/v1/auth/login", `{"identifier":"ada","password":"Secret123"}`, 200)

	// The video part is complete and the form never ends.
	clip, err := os.ReadFile("../../testdata/media/moov-first.mp4")
	if err != nil {
		t.Fatal(err)
	}
	const boundary = "stagecastshutdown"
	body := fmt.Sprintf("--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHeld\r\n", boundary) +
		fmt.Sprintf("--%s\r\nContent-Disposition: form-data; name=\"video\"; filename=\"v.mp4\"\r\nContent-Type: video/mp4\r\n\r\n", boundary) +
		string(clip) + fmt.Sprintf("\r\n--%s\r\n", boundary)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var cookies []string
	for _, ck := range jar.Cookies(mustURL(t, srv.base)) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	fmt.Fprintf(conn, "POST /api/v1/video HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n%s",
		strings.Join(cookies, "; "), boundary, len(body)+1<<20, body)

	// Once the video is stored, the request is surely in its handler.
	mediaDir := filepath.Join(workdir, "data", "media")
	deadline := time.Now().Add(20 * time.Second)
	for stored := false; !stored; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the video part was never stored; log:\n%s", srv.logText())
		}
		_ = filepath.WalkDir(mediaDir, func(p string, d fs.DirEntry, err error) error {
			stored = stored || err == nil && !d.IsDir() && strings.HasSuffix(p, ".mp4") && !strings.HasPrefix(d.Name(), ".")
			return nil
		})
	}
	srv.stop(t)
	if !strings.Contains(srv.logText(), "closing their connections") {
		t.Fatalf("the upload was not cut; log:\n%s", srv.logText())
	}
}
