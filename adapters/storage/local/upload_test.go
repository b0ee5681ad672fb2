package local_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/local"
	"github.com/stagecast/stagecast/adapters/storage/storagetest"
	"github.com/stagecast/stagecast/app"
)

func (f *fixture) sign(t *testing.T, key, ct string, size int64, ttl time.Duration) app.UploadTarget {
	t.Helper()
	target, err := f.store.SignUpload(context.Background(), key, ct, size, f.clock.Now().Add(ttl))
	if err != nil {
		t.Fatal(err)
	}
	return target
}

func putTo(h http.Handler, target, ct string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest("PUT", target, body)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSignUploadTarget(t *testing.T) {
	f := newFixture(t)
	target := f.sign(t, "videos/u1/a.mp4", "video/mp4", 1000, 10*time.Minute)
	if target.Method != "PUT" || !strings.HasPrefix(target.URL, f.srv.URL+"/uploads/") {
		t.Fatalf("target %+v", target)
	}
	if target.Headers["Content-Type"] != "video/mp4" || len(target.Fields) != 0 || target.Fields == nil {
		t.Fatalf("headers %v, fields %v", target.Headers, target.Fields)
	}
	if !target.ExpiresAt.Equal(f.clock.Now().Add(10 * time.Minute)) {
		t.Fatalf("ExpiresAt %v", target.ExpiresAt)
	}
	if strings.Contains(target.URL, "/upload/") {
		t.Fatalf("target URL %q has an /upload/ segment", target.URL)
	}
	ctx := context.Background()
	for _, c := range []struct {
		ct   string
		size int64
		exp  time.Time
	}{
		{"", 10, f.clock.Now().Add(time.Minute)},
		{"video/mp4", 0, f.clock.Now().Add(time.Minute)},
		{"video/mp4", 10, f.clock.Now()},
	} {
		if _, err := f.store.SignUpload(ctx, "videos/u1/a.mp4", c.ct, c.size, c.exp); err == nil {
			t.Errorf("SignUpload(%q, %d, %v) succeeded", c.ct, c.size, c.exp)
		}
	}
}

func TestUploadHandler(t *testing.T) {
	f := newFixture(t)
	h := f.handler()
	const key = "videos/u1/a.mp4"
	data := storagetest.PatternBytes(3, 1000)
	target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)

	rec := putTo(h, target.URL, "video/mp4", bytes.NewReader(data))
	if rec.Code != 200 || rec.Body.String() != `{"success":true,"key":"videos/u1/a.mp4"}`+"\n" {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	got, err := f.store.ReadRange(context.Background(), key, 0, 2000)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("stored %d bytes, %v", len(got), err)
	}
	// A grant writes once: the bytes the core checks cannot be swapped.
	expectJSON(t, putTo(h, target.URL, "video/mp4; codecs=avc1", bytes.NewReader(data[:500])), http.StatusConflict, "This upload URL was already used")
	if got, _ := f.store.ReadRange(context.Background(), key, 0, 2000); !bytes.Equal(got, data) {
		t.Fatalf("a second upload replaced the object: %d bytes", len(got))
	}
	expectJSON(t, putTo(h, target.URL, "image/png", bytes.NewReader(data)), http.StatusUnsupportedMediaType, "Content-Type does not match the upload URL")
	expectJSON(t, putTo(h, target.URL, "", bytes.NewReader(data)), http.StatusUnsupportedMediaType, "Content-Type does not match the upload URL")

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target.URL, nil))
	expectJSON(t, rec, http.StatusMethodNotAllowed, "Method not allowed")

	f.clock.Advance(10 * time.Minute)
	expectJSON(t, putTo(h, target.URL, "video/mp4", bytes.NewReader(data)), http.StatusForbidden, "Invalid or expired upload URL")
}

func TestUploadHandlerRefusesBadTokens(t *testing.T) {
	f := newFixture(t)
	h := f.handler()
	target := f.sign(t, "videos/u1/a.mp4", "video/mp4", 1000, 10*time.Minute)
	tok := target.URL[strings.LastIndexByte(target.URL, '/')+1:]
	payload, sig, _ := strings.Cut(tok, ".")

	// A payload rewritten to another key or a larger size keeps the old
	// MAC, which no longer matches.
	raw, _ := base64.RawURLEncoding.DecodeString(payload)
	var g map[string]any
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	g["k"], g["n"] = "videos/u2/b.mp4", 1<<40
	forged, _ := json.Marshal(g)
	other, err := local.New(local.Config{Dir: t.TempDir(), BaseURL: f.srv.URL, SigningKey: []byte(strings.Repeat("k", 32)), Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	foreign, _ := other.SignUpload(context.Background(), "videos/u1/a.mp4", "video/mp4", 1000, f.clock.Now().Add(time.Minute))

	for name, u := range map[string]string{
		"forged payload":   f.srv.URL + "/uploads/" + base64.RawURLEncoding.EncodeToString(forged) + "." + sig,
		"tampered mac":     storagetest.TamperSignature(target).URL,
		"other key's mac":  foreign.URL,
		"no mac":           f.srv.URL + "/uploads/" + payload,
		"empty":            f.srv.URL + "/uploads/",
		"garbage":          f.srv.URL + "/uploads/!!!.???",
		"padded signature": f.srv.URL + "/uploads/" + payload + "." + sig + "=",
	} {
		t.Run(name, func(t *testing.T) {
			expectJSON(t, putTo(h, u, "video/mp4", strings.NewReader("x")), http.StatusForbidden, "Invalid or expired upload URL")
		})
	}
	if _, err := f.store.Stat(context.Background(), "videos/u2/b.mp4"); !errors.Is(err, app.ErrObjectNotFound) {
		t.Fatalf("forged upload stored something: %v", err)
	}
}

func TestUploadHandlerEnforcesMaxSize(t *testing.T) {
	f := newFixture(t)
	h := f.handler()
	const key = "videos/u1/a.mp4"
	target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)

	// Announced too large: refused before reading.
	expectJSON(t, putTo(h, target.URL, "video/mp4", bytes.NewReader(make([]byte, 1001))), http.StatusRequestEntityTooLarge, "request entity too large")

	// Length unknown (chunked): stopped while streaming, over HTTP.
	req, _ := http.NewRequest("PUT", target.URL, io.MultiReader(storagetest.NewPattern(1, 5000)))
	req.Header.Set("Content-Type", "video/mp4")
	req.ContentLength = -1
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || string(body) != `{"success":false,"message":"request entity too large"}`+"\n" {
		t.Fatalf("streamed over the limit: %d %s", resp.StatusCode, body)
	}
	if _, err := f.store.Stat(context.Background(), key); !errors.Is(err, app.ErrObjectNotFound) {
		t.Fatalf("an over-limit upload was stored: %v", err)
	}
	if left := f.tempFiles(t); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	// Exactly the limit is fine.
	if rec := putTo(h, target.URL, "video/mp4", io.MultiReader(storagetest.NewPattern(1, 1000))); rec.Code != 200 {
		t.Fatalf("at the limit: %d %s", rec.Code, rec.Body)
	}
}

func TestUploadHandlerIsSingleUse(t *testing.T) {
	ctx := context.Background()
	data := storagetest.PatternBytes(4, 1000)

	t.Run("failed upload can be retried", func(t *testing.T) {
		f := newFixture(t)
		const key = "videos/u1/retry.mp4"
		target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)
		expectJSON(t, putTo(f.handler(), target.URL, "video/mp4", bytes.NewReader(make([]byte, 1001))), http.StatusRequestEntityTooLarge, "request entity too large")
		if rec := putTo(f.handler(), target.URL, "video/mp4", bytes.NewReader(data)); rec.Code != http.StatusOK {
			t.Fatalf("retry after a refused upload: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("claimed or deleted key", func(t *testing.T) {
		f := newFixture(t)
		const key = "videos/u1/claimed.mp4"
		target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)
		if rec := putTo(f.handler(), target.URL, "video/mp4", bytes.NewReader(data)); rec.Code != http.StatusOK {
			t.Fatalf("upload: %d %s", rec.Code, rec.Body)
		}
		// The core claims the key for a video, which is then deleted
		// with its file: the still unexpired URL must not bring it back.
		f.release(key)
		if err := f.store.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		expectJSON(t, putTo(f.handler(), target.URL, "video/mp4", bytes.NewReader(data)), http.StatusForbidden, "Invalid or expired upload URL")
		if _, err := f.store.Stat(ctx, key); !errors.Is(err, app.ErrObjectNotFound) {
			t.Fatalf("a released key was written: %v", err)
		}
	})

	t.Run("released while streaming", func(t *testing.T) {
		f := newFixture(t)
		const key = "videos/u1/late.mp4"
		target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)
		// The key leaves the pending set after the body started: the
		// check once the bytes are on disk refuses them.
		body := io.MultiReader(bytes.NewReader(data[:500]), readerFunc(func([]byte) (int, error) {
			f.release(key)
			return 0, io.EOF
		}), bytes.NewReader(data[500:]))
		expectJSON(t, putTo(f.handler(), target.URL, "video/mp4", body), http.StatusForbidden, "Invalid or expired upload URL")
		if _, err := f.store.Stat(ctx, key); !errors.Is(err, app.ErrObjectNotFound) {
			t.Fatalf("an upload released mid-stream was written: %v", err)
		}
		if left := f.tempFiles(t); len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})

	t.Run("expired while streaming", func(t *testing.T) {
		f := newFixture(t)
		const key = "videos/u1/slow.mp4"
		target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)
		body := io.MultiReader(bytes.NewReader(data[:500]), readerFunc(func([]byte) (int, error) {
			f.clock.Advance(10 * time.Minute)
			return 0, io.EOF
		}), bytes.NewReader(data[500:]))
		expectJSON(t, putTo(f.handler(), target.URL, "video/mp4", body), http.StatusForbidden, "Invalid or expired upload URL")
		if _, err := f.store.Stat(ctx, key); !errors.Is(err, app.ErrObjectNotFound) {
			t.Fatalf("an upload that outlived its grant was written: %v", err)
		}
	})

	t.Run("racing uploads", func(t *testing.T) {
		f := newFixture(t)
		const key = "videos/u1/race.mp4"
		target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)
		const n = 8
		codes := make(chan int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				codes <- putTo(f.handler(), target.URL, "video/mp4", bytes.NewReader(storagetest.PatternBytes(uint64(10+i), 1000))).Code
			})
		}
		wg.Wait()
		close(codes)
		ok := 0
		for c := range codes {
			switch c {
			case http.StatusOK:
				ok++
			case http.StatusConflict:
			default:
				t.Fatalf("racing upload answered %d", c)
			}
		}
		if ok != 1 {
			t.Fatalf("%d racing uploads succeeded, want 1", ok)
		}
	})

	t.Run("gate failure", func(t *testing.T) {
		f := newFixture(t)
		const key = "videos/u1/down.mp4"
		target := f.sign(t, key, "video/mp4", 1000, 10*time.Minute)
		f.gateErr = errors.New("database down")
		expectJSON(t, putTo(f.handler(), target.URL, "video/mp4", bytes.NewReader(data)), http.StatusInternalServerError, "Internal Server Error")
		if _, err := f.store.Stat(ctx, key); !errors.Is(err, app.ErrObjectNotFound) {
			t.Fatalf("written although the gate failed: %v", err)
		}
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
