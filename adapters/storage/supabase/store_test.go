package supabase_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/storagetest"
	"github.com/stagecast/stagecast/adapters/storage/supabase"
	"github.com/stagecast/stagecast/adapters/storage/supabase/supabasefake"
	"github.com/stagecast/stagecast/app"
)

func TestNewChecksConfig(t *testing.T) {
	for name, cfg := range map[string]supabase.Config{
		"URL":            {URL: "abcd.supabase.co", ServiceRoleKey: "k", Bucket: "b"},
		"ServiceRoleKey": {URL: "https://abcd.supabase.co", Bucket: "b"},
		"Bucket":         {URL: "https://abcd.supabase.co", ServiceRoleKey: "k", Bucket: "a/b"},
	} {
		if _, err := supabase.New(cfg); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("New without a good %s: %v", name, err)
		}
	}
	s, err := supabase.New(supabase.Config{URL: "https://abcd.supabase.co/", ServiceRoleKey: "k", Bucket: "media"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.URL("videos/u/a.mp4"), "https://abcd.supabase.co/storage/v1/object/public/media/videos/u/a.mp4"; got != want {
		t.Fatalf("URL = %q, want %q", got, want)
	}
}

// TestHeaders checks what every call sends: the key as apikey and Bearer
// on server calls, nothing of it on the client's signed upload.
func TestHeaders(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := supabasefake.New(t, serviceKey, bucket, supabasefake.WithClock(clock.Now))
	s := newStore(t, f)
	ctx := context.Background()
	const key, signed = "videos/u1/a.mp4", "videos/u1/b.mp4"
	if _, err := s.Put(ctx, key, "video/mp4", strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stat(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadRange(ctx, key, 1, 2); err != nil {
		t.Fatal(err)
	}
	target, err := s.SignUpload(ctx, signed, "video/mp4", 4, clock.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if status, body, err := storagetest.Upload(ctx, f.Client(), target, "video/mp4", []byte("next")); err != nil || status != 200 {
		t.Fatalf("signed upload: %d %s %v", status, body, err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}

	seen := map[string]bool{}
	for _, r := range f.Requests() {
		call := r.Method + " " + strings.TrimPrefix(r.Path, "/storage/v1")
		seen[call] = true
		if r.Status/100 != 2 {
			t.Errorf("%s answered %d", call, r.Status)
		}
		if r.Method == "PUT" {
			if r.APIKey != "" || r.Authorization != "" || !strings.HasPrefix(r.Query, "token=") || r.ContentType != "video/mp4" {
				t.Errorf("signed upload sent %+v", r)
			}
			continue
		}
		if r.APIKey != serviceKey || r.Authorization != "Bearer "+serviceKey {
			t.Errorf("%s sent apikey %q, Authorization %q", call, r.APIKey, r.Authorization)
		}
		// The server's own uploads may replace (a retry); a client's
		// signed upload may not replace what the core checked.
		switch {
		case r.Method == "POST" && strings.HasPrefix(call, "POST /object/upload/sign/"):
			if r.Upsert != "false" {
				t.Errorf("%s sent x-upsert %q", call, r.Upsert)
			}
		case r.Method == "POST" && r.Upsert != "true":
			t.Errorf("%s without x-upsert", call)
		}
	}
	for _, want := range []string{
		"POST /object/media/" + key, "HEAD /object/media/" + key, "GET /object/authenticated/media/" + key,
		"POST /object/upload/sign/media/" + signed, "PUT /object/upload/sign/media/" + signed,
		"DELETE /object/media", "GET /bucket/media",
	} {
		if !seen[want] {
			t.Errorf("no %s among %v", want, seen)
		}
	}
	var rangeSent string
	for _, r := range f.Requests() {
		if r.Method == "GET" && strings.Contains(r.Path, "/authenticated/") {
			rangeSent = r.Range
		}
	}
	if rangeSent != "bytes=1-2" {
		t.Errorf("ReadRange sent Range %q", rangeSent)
	}
}

func TestPutSendsTypeAndCaching(t *testing.T) {
	f := supabasefake.New(t, serviceKey, bucket)
	s := newStore(t, f)
	obj, err := s.Put(context.Background(), "thumbnails/u1/a.jpg", "image/jpeg", strings.NewReader("jpeg"), -1)
	if err != nil {
		t.Fatal(err)
	}
	if obj.Size != 4 || obj.URL != f.URL()+"/storage/v1/object/public/media/thumbnails/u1/a.jpg" {
		t.Fatalf("Put returned %+v", obj)
	}
	info, ok := f.Info("thumbnails/u1/a.jpg")
	if !ok || info.ContentType != "image/jpeg" || info.CacheControl != "max-age=31536000" {
		t.Fatalf("stored %+v", info)
	}
	if got, _ := f.Object("thumbnails/u1/a.jpg"); string(got) != "jpeg" {
		t.Fatalf("stored %q", got)
	}
}

func TestWrongCredentialsAndBucket(t *testing.T) {
	f := supabasefake.New(t, serviceKey, bucket)
	ctx := context.Background()
	const key = "videos/u1/a.mp4"
	f.Seed(key, "video/mp4", []byte("data"))
	for name, cfg := range map[string]supabase.Config{
		"wrong key":    {URL: f.URL(), ServiceRoleKey: "not-the-key", Bucket: bucket, HTTPClient: f.Client()},
		"wrong bucket": {URL: f.URL(), ServiceRoleKey: serviceKey, Bucket: "other", HTTPClient: f.Client()},
	} {
		s, err := supabase.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		errs := map[string]error{"Ping": s.Ping(ctx), "Delete": s.Delete(ctx, key)}
		_, errs["Put"] = s.Put(ctx, key, "video/mp4", strings.NewReader("x"), 1)
		_, errs["ReadRange"] = s.ReadRange(ctx, key, 0, 1)
		_, errs["SignUpload"] = s.SignUpload(ctx, key, "video/mp4", 1, time.Now().Add(time.Hour))
		for op, err := range errs {
			if err == nil || errors.Is(err, app.ErrObjectNotFound) {
				t.Errorf("%s: %s = %v, want a plain error", name, op, err)
				continue
			}
			if strings.Contains(err.Error(), "not-the-key") || strings.Contains(err.Error(), serviceKey) || strings.Contains(err.Error(), key) {
				t.Errorf("%s: %s error %q leaks a secret or the key", name, op, err)
			}
		}
	}
	if got, _ := f.Object(key); string(got) != "data" {
		t.Fatal("a refused call changed the object")
	}
}

func TestSignedUploadBindsPathAndExpires(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := supabasefake.New(t, serviceKey, bucket, supabasefake.WithClock(clock.Now), supabasefake.WithSignedUploadTTL(time.Minute))
	s := newStore(t, f)
	ctx := context.Background()
	target, err := s.SignUpload(ctx, "videos/u1/a.mp4", "video/mp4", 4, clock.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// ExpiresAt is the token's own expiry, here the fake's one minute.
	if !target.ExpiresAt.Equal(clock.Now().Add(time.Minute)) {
		t.Fatalf("ExpiresAt %v, want the token's expiry", target.ExpiresAt)
	}
	if want := f.URL() + "/storage/v1/object/upload/sign/media/videos/u1/a.mp4?token="; !strings.HasPrefix(target.URL, want) || target.Method != "PUT" {
		t.Fatalf("target %+v", target)
	}
	if target.Headers["Content-Type"] != "video/mp4" || len(target.Fields) != 0 {
		t.Fatalf("target %+v", target)
	}

	// The token is bound to its path: another key is refused.
	other := target
	other.URL = strings.Replace(target.URL, "/a.mp4?", "/b.mp4?", 1)
	if status, body, _ := storagetest.Upload(ctx, f.Client(), other, "video/mp4", []byte("data")); status/100 != 4 {
		t.Fatalf("token used for another path: %d %s", status, body)
	}
	// A body without Content-Type is refused.
	req, _ := http.NewRequest("PUT", target.URL, strings.NewReader("data"))
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("signed upload without Content-Type: %d", resp.StatusCode)
	}
	clock.Advance(time.Minute)
	if status, body, _ := storagetest.Upload(ctx, f.Client(), target, "video/mp4", []byte("data")); status != 403 || !strings.Contains(string(body), "jwt expired") {
		t.Fatalf("expired token: %d %s", status, body)
	}
	if keys := f.Keys(); len(keys) != 0 {
		t.Fatalf("refused uploads stored %v", keys)
	}
}

func TestSignUploadRefusesForeignURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"url":"https://evil.example/object/upload/sign/media/videos/u1/a.mp4?token=x","token":"x"}`)
	}))
	t.Cleanup(srv.Close)
	s, err := supabase.New(supabase.Config{URL: srv.URL, ServiceRoleKey: serviceKey, Bucket: bucket, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignUpload(context.Background(), "videos/u1/a.mp4", "video/mp4", 1, time.Now().Add(time.Hour)); err == nil {
		t.Fatal("SignUpload passed on a URL pointing elsewhere")
	}
}

func TestTransportErrorsHideTheKey(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	s, err := supabase.New(supabase.Config{URL: srv.URL, ServiceRoleKey: serviceKey, Bucket: bucket})
	if err != nil {
		t.Fatal(err)
	}
	const key = "videos/64b0000000000000000000aa/64b0000000000000000000bb.mp4"
	_, err = s.Stat(context.Background(), key)
	if err == nil || strings.Contains(err.Error(), "64b0000000000000000000aa") {
		t.Fatalf("Stat error %q", err)
	}
	_, err = s.Put(context.Background(), key, "video/mp4", strings.NewReader("x"), 1)
	if err == nil || strings.Contains(err.Error(), "64b0000000000000000000aa") {
		t.Fatalf("Put error %q", err)
	}
}

// TestPutMemory streams 100 MiB through the adapter, the HTTP stack and
// the fake's server side, which hashes instead of storing.
func TestPutMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 100 MiB")
	}
	f := supabasefake.New(t, serviceKey, bucket, supabasefake.DiscardBodies())
	s := newStore(t, f)
	const size = 100 << 20
	for _, announced := range []bool{true, false} {
		key := "videos/u1/big.mp4"
		var alloc uint64
		if announced {
			alloc = storagetest.PutAllocs(t, s, key, "video/mp4", size)
		} else {
			alloc = storagetest.PutAllocs(t, unknownSize{s}, key, "video/mp4", size)
		}
		t.Logf("Put of 100 MiB (size announced: %v) allocated %d KiB", announced, alloc>>10)
		if alloc >= 16<<20 {
			t.Fatalf("Put of 100 MiB allocated %d MiB, want < 16 MiB", alloc>>20)
		}
		info, ok := f.Info(key)
		h := sha256.New()
		_, _ = io.Copy(h, storagetest.NewPattern(7, size))
		if !ok || info.Size != size || !bytes.Equal(info.SHA256[:], h.Sum(nil)) {
			t.Fatalf("stored %d bytes, hash match %v", info.Size, bytes.Equal(info.SHA256[:], h.Sum(nil)))
		}
	}
}

// unknownSize hides the size from Put, as for a multipart part.
type unknownSize struct{ app.MediaStore }

func (u unknownSize) Put(ctx context.Context, key, ct string, r io.Reader, _ int64) (app.Object, error) {
	return u.MediaStore.Put(ctx, key, ct, r, -1)
}
