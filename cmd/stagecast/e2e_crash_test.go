package main

import (
	"context"
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

	"github.com/stagecast/stagecast/adapters/sqlstore"
	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/video"
)

// TestKilledDuringUpload kills the server with SIGKILL after the video part
// of a multipart upload is stored but before the form ends. The stored
// file has no row, and must not be left for ever: its key was reserved in
// the trash before a byte was written, so the sweeper reaps it.
func TestKilledDuringUpload(t *testing.T) {
	workdir := t.TempDir()
	srv := start(t, buildBinary(t), workdir)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	post(t, c, srv.base+"/api/v1/auth/register", `{"name":"Ada","email":"ada@example.com","username":"ada","password":"Secret123"}`, 201)
	code := srv.waitFor(t, regexp.MustCompile(`Your code: (\d{6})`))
	post(t, c, srv.base+"/api/v1/auth/verify-account", `{"email":"ada@example.com","code":"`+code+`"}`, 200)
	post(t, c, srv.base+"/api/v1/auth/login", `{"identifier":"ada","password":"Secret123"}`, 200)

	// A form whose video part is complete and whose thumbnail part never
	// ends, sent by hand so that the request stays open.
	clip, err := os.ReadFile("../../testdata/media/moov-first.mp4")
	if err != nil {
		t.Fatal(err)
	}
	const boundary = "stagecastcrash"
	var head strings.Builder
	fmt.Fprintf(&head, "--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nCrash\r\n", boundary)
	fmt.Fprintf(&head, "--%s\r\nContent-Disposition: form-data; name=\"video\"; filename=\"v.mp4\"\r\nContent-Type: video/mp4\r\n\r\n", boundary)
	body := head.String() + string(clip) +
		fmt.Sprintf("\r\n--%s\r\nContent-Disposition: form-data; name=\"thumbnail\"; filename=\"t.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG", boundary)
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

	// Wait until the video file is in place, then kill the process.
	mediaDir := filepath.Join(workdir, "data", "media")
	var stored string
	deadline := time.Now().Add(20 * time.Second)
	for stored == "" && time.Now().Before(deadline) {
		_ = filepath.WalkDir(mediaDir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".mp4") && !strings.HasPrefix(d.Name(), ".") {
				stored = p
			}
			return nil
		})
		time.Sleep(20 * time.Millisecond)
	}
	if stored == "" {
		t.Fatalf("the video part was never stored; log:\n%s", srv.logText())
	}
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-srv.done

	key, _ := filepath.Rel(mediaDir, stored)
	key = filepath.ToSlash(key)
	db, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(workdir, "data", "stagecast.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.Trash().Due(context.Background(), time.Now().Add(100*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var reserved *media.TrashItem
	for i := range items {
		if items[i].Key == key {
			reserved = &items[i]
		}
	}
	if reserved == nil || reserved.State != media.TrashPending || !reserved.DueAt.After(time.Now()) {
		t.Fatalf("the orphan %s is not reserved for reaping: %+v", key, items)
	}
	page, err := db.Videos().List(context.Background(), video.Query{Sort: video.SortCreatedAt, Limit: 10, Page: 1})
	if err != nil || page.Total != 0 {
		t.Fatalf("videos after the crash: %d (%v)", page.Total, err)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
