package cloudinary_test

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

	"github.com/stagecast/stagecast/adapters/storage/cloudinary"
	"github.com/stagecast/stagecast/adapters/storage/cloudinary/cloudinaryfake"
	"github.com/stagecast/stagecast/adapters/storage/storagetest"
	"github.com/stagecast/stagecast/app"
)

func TestNewChecksConfig(t *testing.T) {
	ok := cloudinary.Config{CloudName: "c", APIKey: "k", APISecret: "s"}
	for name, mod := range map[string]func(*cloudinary.Config){
		"CloudName":    func(c *cloudinary.Config) { c.CloudName = "a/b" },
		"APIKey":       func(c *cloudinary.Config) { c.APIKey = "" },
		"APISecret":    func(c *cloudinary.Config) { c.APISecret = " " },
		"APIBase":      func(c *cloudinary.Config) { c.APIBase = "ftp://x" },
		"DeliveryBase": func(c *cloudinary.Config) { c.DeliveryBase = "/relative" },
		"ChunkSize":    func(c *cloudinary.Config) { c.ChunkSize = 1 << 20 },
	} {
		cfg := ok
		mod(&cfg)
		if _, err := cloudinary.New(cfg); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("New with a bad %s: %v", name, err)
		}
	}
	s, err := cloudinary.New(ok)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"videos/u1/a.mp4":     "https://res.cloudinary.com/c/video/upload/videos/u1/a.mp4",
		"thumbnails/u1/b.jpg": "https://res.cloudinary.com/c/image/upload/thumbnails/u1/b.jpg",
		"../x":                "",
	} {
		if got := s.URL(key); got != want {
			t.Errorf("URL(%q) = %q, want %q", key, got, want)
		}
	}
}

// TestResourceTypes checks that a video is uploaded and destroyed as a
// video, and an image as an image, which is what makes deletions work.
func TestResourceTypes(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 0)
	ctx := context.Background()
	for key, rt := range map[string]string{"videos/u1/a.mp4": "video", "thumbnails/u1/b.jpg": "image", "avatars/u1/c.png": "image"} {
		if _, err := s.Put(ctx, key, "", strings.NewReader("data"), 4); err != nil {
			t.Fatal(err)
		}
		pid := key[:strings.LastIndexByte(key, '.')]
		if _, ok := f.Info(rt, pid); !ok {
			t.Fatalf("%s not stored as %s/%s; assets %v", key, rt, pid, f.Assets())
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if _, ok := f.Info(rt, pid); ok {
			t.Fatalf("%s not destroyed", key)
		}
		var ops []string
		for _, c := range f.Calls() {
			if c.PublicID == pid && (c.Op == "upload" || c.Op == "destroy") {
				ops = append(ops, c.Op+":"+c.ResourceType)
			}
		}
		if want := "upload:" + rt + " destroy:" + rt; strings.Join(ops, " ") != want {
			t.Errorf("%s: calls %v, want %s", key, ops, want)
		}
	}
}

// TestDestroyWithWrongResourceType shows why the type matters: Cloudinary
// answers "not found" and the video stays.
func TestDestroyWithWrongResourceType(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 0)
	if _, err := s.Put(context.Background(), "videos/u1/a.mp4", "video/mp4", strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	// A correctly signed destroy, with the resource type left at image.
	ts := itoa(clock.Now().Unix())
	form := strings.NewReader("public_id=videos/u1/a&timestamp=" + ts + "&api_key=" + apiKey +
		"&signature=" + sha1Hex("public_id=videos/u1/a&timestamp="+ts+secret))
	resp, err := f.Client().Post(f.APIBase()+"/"+cloud+"/image/destroy", "application/x-www-form-urlencoded", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"not found"`) {
		t.Fatalf("destroy as image: %d %s", resp.StatusCode, b)
	}
	if _, ok := f.Info("video", "videos/u1/a"); !ok {
		t.Fatal("the video was destroyed through the image type")
	}
}

func TestSignUploadTarget(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 0)
	ctx := context.Background()
	now := clock.Now()
	target, err := s.SignUpload(ctx, "videos/u1/a.mp4", "video/mp4", 100, now.Add(15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if target.Method != "POST" || target.URL != f.APIBase()+"/"+cloud+"/video/upload" || target.FileField != "file" {
		t.Fatalf("target %+v", target)
	}
	for _, k := range []string{"api_key", "timestamp", "signature", "public_id"} {
		if target.Fields[k] == "" {
			t.Errorf("no %s in %v", k, target.Fields)
		}
	}
	if target.Fields["public_id"] != "videos/u1/a" || target.Fields["api_key"] != apiKey {
		t.Fatalf("fields %v", target.Fields)
	}
	if strings.Contains(strings.Join(mapValues(target.Fields), " "), secret) {
		t.Fatal("the secret is in the form")
	}
	// Valid until the asked expiry: the timestamp is set back.
	if !target.ExpiresAt.Equal(now.Add(15 * time.Minute)) {
		t.Fatalf("ExpiresAt %v, want %v", target.ExpiresAt, now.Add(15*time.Minute))
	}
	clock.Advance(14 * time.Minute)
	if status, body, _ := storagetest.Upload(ctx, f.Client(), target, "video/mp4", []byte("data")); status != 200 {
		t.Fatalf("upload before expiry: %d %s", status, body)
	}
	clock.Advance(2 * time.Minute)
	if status, body, _ := storagetest.Upload(ctx, f.Client(), target, "video/mp4", []byte("data")); status != 400 || !strings.Contains(string(body), "Stale request") {
		t.Fatalf("upload after expiry: %d %s", status, body)
	}
	// Longer than Cloudinary allows: an hour.
	target, _ = s.SignUpload(ctx, "thumbnails/u1/b.jpg", "image/jpeg", 100, clock.Now().Add(3*time.Hour))
	if !target.ExpiresAt.Equal(clock.Now().Add(time.Hour)) || !strings.HasSuffix(target.URL, "/image/upload") {
		t.Fatalf("long target %+v", target)
	}
	if _, err := s.SignUpload(ctx, "thumbnails/u1/b.jpg", "image/jpeg", 100, clock.Now()); err == nil {
		t.Fatal("SignUpload with a past expiry succeeded")
	}
}

func TestFakeRejectsBadSignatures(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 0)
	target, _ := s.SignUpload(context.Background(), "videos/u1/a.mp4", "video/mp4", 4, clock.Now().Add(time.Hour))
	without := func(k string) app.UploadTarget {
		t2 := target
		t2.Fields = map[string]string{}
		for kk, v := range target.Fields {
			if kk != k {
				t2.Fields[kk] = v
			}
		}
		return t2
	}
	other := without("")
	other.Fields["public_id"] = "videos/u2/stolen"
	for name, c := range map[string]struct {
		target app.UploadTarget
		status int
		msg    string
	}{
		"no api_key":      {without("api_key"), 401, "Must supply api_key"},
		"no timestamp":    {without("timestamp"), 401, "timestamp"},
		"no signature":    {without("signature"), 401, "signature"},
		"tampered":        {storagetest.TamperSignature(target), 401, "Invalid Signature"},
		"other public_id": {other, 401, "Invalid Signature"},
	} {
		status, body := post(t, f, c.target, []byte("data"), nil)
		if status != c.status || !strings.Contains(body, c.msg) {
			t.Errorf("%s: %d %s", name, status, body)
		}
	}
	if got := f.Assets(); len(got) != 0 {
		t.Fatalf("refused uploads made %v", got)
	}
}

func TestErrorsHideSecretsAndKeys(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	bad, err := cloudinary.New(cloudinary.Config{CloudName: cloud, APIKey: apiKey, APISecret: "wrong-secret",
		APIBase: f.APIBase(), DeliveryBase: f.DeliveryBase(), HTTPClient: f.Client(), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const key = "videos/64b0000000000000000000aa/64b0000000000000000000bb.mp4"
	_, putErr := bad.Put(ctx, key, "video/mp4", strings.NewReader("data"), 4)
	for op, err := range map[string]error{"Put": putErr, "Delete": bad.Delete(ctx, key), "Ping": bad.Ping(ctx)} {
		if err == nil {
			t.Errorf("%s with a wrong secret succeeded", op)
			continue
		}
		if strings.Contains(err.Error(), "wrong-secret") || strings.Contains(err.Error(), "64b0000000000000000000aa") {
			t.Errorf("%s error %q leaks the secret or the key", op, err)
		}
	}
	var apiErr *cloudinary.APIError
	if !errors.As(putErr, &apiErr) || apiErr.Status != 401 || !strings.Contains(apiErr.Message, "Invalid Signature") {
		t.Fatalf("Put error %v", putErr)
	}
}

func TestPingIsRemembered(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 0)
	ctx := context.Background()
	pings := func() int {
		n := 0
		for _, c := range f.Calls() {
			if c.Op == "ping" {
				n++
			}
		}
		return n
	}
	for range 3 {
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if pings() != 1 {
		t.Fatalf("%d pings, want 1", pings())
	}
	clock.Advance(cloudinary.DefaultPingInterval)
	if err := s.Ping(ctx); err != nil || pings() != 2 {
		t.Fatalf("after the interval: %v, %d pings", err, pings())
	}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	t.Cleanup(down.Close)
	s2, _ := cloudinary.New(cloudinary.Config{CloudName: cloud, APIKey: apiKey, APISecret: secret, APIBase: down.URL, HTTPClient: down.Client()})
	if err := s2.Ping(ctx); err == nil {
		t.Fatal("Ping of a failing API succeeded")
	}
}

// TestPutMemory streams 100 MiB: a chunked video of unknown length holds
// one chunk buffer; one of known length too; the fake hashes.
func TestPutMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 100 MiB")
	}
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.DiscardBodies())
	s := newStore(t, f, nil, 0)
	const size = 100 * mib
	want := sha256.New()
	_, _ = io.Copy(want, storagetest.NewPattern(7, size))
	for _, announced := range []bool{true, false} {
		var store app.MediaStore = s
		if !announced {
			store = unknownSize{s}
		}
		alloc := storagetest.PutAllocs(t, store, "videos/u1/big.mp4", "video/mp4", size)
		t.Logf("Put of 100 MiB in %d MiB chunks (size announced: %v) allocated %d KiB", cloudinary.DefaultChunkSize/mib, announced, alloc>>10)
		if alloc >= 16*mib {
			t.Fatalf("Put of 100 MiB allocated %d MiB, want < 16 MiB", alloc/mib)
		}
		info, ok := f.Info("video", "videos/u1/big")
		if !ok || info.Bytes != size || !bytes.Equal(info.SHA256[:], want.Sum(nil)) {
			t.Fatalf("asset %+v", info)
		}
	}
}

// unknownSize hides the size from Put, as for a multipart part.
type unknownSize struct{ app.MediaStore }

func (u unknownSize) Put(ctx context.Context, key, ct string, r io.Reader, _ int64) (app.Object, error) {
	return u.MediaStore.Put(ctx, key, ct, r, -1)
}
