package main

import (
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// signIn registers, verifies and signs in ada on srv, and returns her
// cookie jar.
func signIn(t *testing.T, srv *server) *cookiejar.Jar {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	post(t, c, srv.base+"/api/v1/auth/register", `{"name":"Ada","email":"ada@example.com","username":"ada","password":"Secret123"}`, 201)
	code := srv.waitFor(t, regexp.MustCompile(`Your code: (\d{6})`))
	post(t, c, srv.base+"/api/v1/auth/verify-account", `{"email":"ada@example.com","code":"`+code+`"}`, 200)
	post(t, c, srv.base+"/api/v1/auth/login", `{"identifier":"ada","password":"Secret123"}`, 200)
	return jar
}

// startHeldUpload sends, by hand, a multipart upload of a video whose form
// never ends (tail follows the video part), so that the request stays open;
// it returns the connection and the path of the stored video once the
// server has put it in place.
func startHeldUpload(t *testing.T, srv *server, jar *cookiejar.Jar, workdir, tail string) (net.Conn, string) {
	t.Helper()
	clip, err := os.ReadFile("../../testdata/media/moov-first.mp4")
	if err != nil {
		t.Fatal(err)
	}
	const boundary = "stagecastheld"
	body := fmt.Sprintf("--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHeld\r\n", boundary) +
		fmt.Sprintf("--%s\r\nContent-Disposition: form-data; name=\"video\"; filename=\"v.mp4\"\r\nContent-Type: video/mp4\r\n\r\n", boundary) +
		string(clip) + fmt.Sprintf("\r\n--%s\r\n", boundary) + tail
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	base, err := url.Parse(srv.base)
	if err != nil {
		t.Fatal(err)
	}
	var cookies []string
	for _, ck := range jar.Cookies(base) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	fmt.Fprintf(conn, "POST /api/v1/video HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n%s",
		strings.Join(cookies, "; "), boundary, len(body)+1<<20, body)

	mediaDir := filepath.Join(workdir, "data", "media")
	deadline := time.Now().Add(20 * time.Second)
	for stored := ""; ; time.Sleep(20 * time.Millisecond) {
		_ = filepath.WalkDir(mediaDir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".mp4") && !strings.HasPrefix(d.Name(), ".") {
				stored = p
			}
			return nil
		})
		if stored != "" {
			return conn, stored
		}
		if time.Now().After(deadline) {
			t.Fatalf("the video part was never stored; log:\n%s", srv.logText())
		}
	}
}
