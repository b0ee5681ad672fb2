package storagetest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
)

// sign asks for a target for key, valid for 15 minutes, and checks its
// shape.
func sign(t *testing.T, h *Harness, key, ct string, size int64) app.UploadTarget {
	t.Helper()
	now := h.Now()
	target, err := h.Store.SignUpload(context.Background(), key, ct, size, now.Add(15*time.Minute))
	if err != nil {
		t.Fatalf("SignUpload: %v", err)
	}
	if target.URL == "" || (target.Method != http.MethodPut && target.Method != http.MethodPost) {
		t.Fatalf("SignUpload returned %+v", target)
	}
	if target.Method == http.MethodPost && target.FileField == "" {
		t.Fatalf("a POST target without FileField: %+v", target)
	}
	// The reported expiry is the service's real one, which may differ
	// from the one asked for, but never lies in the past.
	if !target.ExpiresAt.After(now) {
		t.Fatalf("target expires at %v, not after now %v", target.ExpiresAt, now)
	}
	return target
}

func testSignedUpload(t *testing.T, h *Harness) {
	ctx := context.Background()
	const key = "videos/64b000000000000000000003/64b000000000000000000020.mp4"
	data := PatternBytes(20, 200<<10)
	target := sign(t, h, key, "video/mp4", int64(len(data)))
	status, body, err := Upload(ctx, h.client(), target, "video/mp4", data)
	if err != nil || status/100 != 2 {
		t.Fatalf("client upload: %d %s %v", status, body, err)
	}
	expectObject(t, h, key, "video/mp4", data)

	// Once the object is there, the target cannot replace it: the core
	// checks an object's bytes once, when it takes it. The service may
	// refuse (Supabase, the local store) or answer with the object it
	// keeps (Cloudinary).
	retry := PatternBytes(21, 150<<10)
	if _, _, err = Upload(ctx, h.client(), target, "video/mp4", retry); err != nil {
		t.Fatalf("second client upload: %v", err)
	}
	expectObject(t, h, key, "video/mp4", data)

	const img = "avatars/64b000000000000000000003/64b000000000000000000021.png"
	data = PatternBytes(22, 10<<10)
	target = sign(t, h, img, "image/png", int64(len(data)))
	if status, body, err = Upload(ctx, h.client(), target, "image/png", data); err != nil || status/100 != 2 {
		t.Fatalf("client upload of an image: %d %s %v", status, body, err)
	}
	expectObject(t, h, img, "image/png", data)
}

func testExpiredTarget(t *testing.T, h *Harness) {
	const key = "videos/64b000000000000000000003/64b000000000000000000022.mp4"
	data := PatternBytes(23, 10<<10)
	target := sign(t, h, key, "video/mp4", int64(len(data)))
	// Past every service's limit: Cloudinary 1 hour, Supabase 2 hours.
	h.Advance(3 * time.Hour)
	status, body, err := Upload(context.Background(), h.client(), target, "video/mp4", data)
	if err != nil {
		t.Fatalf("client upload: %v", err)
	}
	if status/100 != 4 {
		t.Fatalf("upload with an expired target answered %d %s, want 4xx", status, body)
	}
	expectMissing(t, h, key)
}

func testTamperedTarget(t *testing.T, h *Harness) {
	const key = "videos/64b000000000000000000003/64b000000000000000000023.mp4"
	data := PatternBytes(24, 10<<10)
	target := TamperSignature(sign(t, h, key, "video/mp4", int64(len(data))))
	status, body, err := Upload(context.Background(), h.client(), target, "video/mp4", data)
	if err != nil {
		t.Fatalf("client upload: %v", err)
	}
	if status/100 != 4 {
		t.Fatalf("upload with a tampered target answered %d %s, want 4xx", status, body)
	}
	expectMissing(t, h, key)
}
