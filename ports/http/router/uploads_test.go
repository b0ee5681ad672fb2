package router_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/local"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/router"
	"github.com/stagecast/stagecast/ports/http/web"
)

// A direct upload to the API must keep the minimum upload rate, as a
// multipart upload must: a client that stalls is answered 408 and loses
// its connection instead of holding it.
func TestDirectUploadKeepsThePace(t *testing.T) {
	store, err := local.New(local.Config{Dir: t.TempDir(), BaseURL: "http://api.test", SigningKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	srv := httptest.NewServer(router.New(router.Options{
		Log: log, APILimiter: mid.NewLimiter(100, time.Minute, nil, log),
		Surfaces:     []router.Surface{{Prefix: "/api/v1", Handler: http.NotFoundHandler(), Errors: web.V1Errors}},
		Uploads:      store.UploadHandler(func(context.Context, string) (bool, error) { return true, nil }),
		UploadWindow: 200 * time.Millisecond,
		Database:     func(context.Context) error { return nil },
	}))
	t.Cleanup(srv.Close)
	sign := func(key string) string {
		target, err := store.SignUpload(context.Background(), key, "video/mp4", 1<<20, time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(target.URL, "http://api.test")
	}

	// A steady client is served.
	req, _ := http.NewRequest("PUT", srv.URL+sign("videos/u1/fast.mp4"), bytes.NewReader(make([]byte, 64<<10)))
	req.Header.Set("Content-Type", "video/mp4")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("steady upload: %d", res.StatusCode)
	}

	// A client that sends a byte and stalls is cut after the window.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "PUT %s HTTP/1.1\r\nHost: x\r\nContent-Type: video/mp4\r\nContent-Length: 100000\r\n\r\nx", sign("videos/u1/slow.mp4"))
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err = http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled upload: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestTimeout || !res.Close {
		t.Fatalf("stalled upload: %d, close %v", res.StatusCode, res.Close)
	}
	if _, err := store.Stat(context.Background(), "videos/u1/slow.mp4"); err == nil {
		t.Fatal("a stalled upload was stored")
	}
}
