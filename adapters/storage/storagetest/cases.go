package storagetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func testRoundTrip(t *testing.T, h *Harness) {
	ctx := context.Background()
	const key = "videos/64b000000000000000000001/64b000000000000000000002.mp4"
	data := put(t, h, key, "video/mp4", 1, 300<<10)
	expectObject(t, h, key, "video/mp4", data)

	n := int64(len(data))
	for _, r := range []struct{ off, length, want int64 }{
		{0, 16, 16}, {1000, 4096, 4096}, {n - 10, 100, 10}, {n, 10, 0}, {n + 5, 10, 0}, {5, 0, 0},
	} {
		got, err := h.Store.ReadRange(ctx, key, r.off, r.length)
		if err != nil {
			t.Fatalf("ReadRange(%d, %d): %v", r.off, r.length, err)
		}
		if int64(len(got)) != r.want || (r.want > 0 && !bytes.Equal(got, data[r.off:r.off+r.want])) {
			t.Fatalf("ReadRange(%d, %d) = %d bytes, want the %d stored there", r.off, r.length, len(got), r.want)
		}
	}
	if got := fetch(t, h, h.Store.URL(key)); !bytes.Equal(got, data) {
		t.Fatalf("public URL serves %d other bytes", len(got))
	}

	if err := h.Store.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	expectMissing(t, h, key)
	if err := h.Store.Delete(ctx, key); err != nil {
		t.Fatalf("Delete of a deleted object: %v", err)
	}
	if err := h.Store.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func testImagesAndURLs(t *testing.T, h *Harness) {
	for _, c := range []struct{ key, ct string }{
		{"thumbnails/64b000000000000000000001/64b000000000000000000003.jpg", "image/jpeg"},
		{"avatars/64b000000000000000000001/64b000000000000000000004.png", "image/png"},
		{"avatars/64b000000000000000000001/64b000000000000000000005.webp", "image/webp"},
	} {
		data, obj := putObject(t, h, c.key, c.ct, 2, 20<<10)
		expectObject(t, h, c.key, c.ct, data)
		// Put's URL may differ from URL(key) (Cloudinary's is versioned)
		// but serves the same bytes.
		if got := fetch(t, h, obj.URL); !bytes.Equal(got, data) {
			t.Errorf("Put's URL %q serves %d other bytes", obj.URL, len(got))
		}
		u := h.Store.URL(c.key)
		if !strings.HasSuffix(u, "/"+c.key) {
			t.Errorf("URL(%q) = %q, want it to end with the key", c.key, u)
		}
		if strings.Contains(u, "/upload/") != h.URLHasUploadSegment {
			t.Errorf("URL(%q) = %q: contains /upload/ = %v, want %v", c.key, u, !h.URLHasUploadSegment, h.URLHasUploadSegment)
		}
		if got := fetch(t, h, u); !bytes.Equal(got, data) {
			t.Errorf("URL(%q) serves %d other bytes", c.key, len(got))
		}
	}
}

func testOverwrite(t *testing.T, h *Harness) {
	const key = "thumbnails/64b000000000000000000001/64b000000000000000000006.jpg"
	put(t, h, key, "image/jpeg", 3, 40<<10)
	data := put(t, h, key, "image/jpeg", 4, 30<<10)
	expectObject(t, h, key, "image/jpeg", data)
}

func testFailingReader(t *testing.T, h *Harness) {
	ctx := context.Background()
	for i, c := range []struct {
		key, ct string
		size    int64
	}{
		{"videos/64b000000000000000000001/64b000000000000000000010.mp4", "video/mp4", -1},
		{"videos/64b000000000000000000001/64b000000000000000000011.mp4", "video/mp4", 2 << 20},
		{"thumbnails/64b000000000000000000001/64b000000000000000000012.jpg", "image/jpeg", -1},
	} {
		src := FailAfter(NewPattern(uint64(i), 4<<20), 1<<20, ErrSourceFailed)
		_, err := h.Store.Put(ctx, c.key, c.ct, src, c.size)
		if !errors.Is(err, ErrSourceFailed) {
			t.Fatalf("Put of a failing reader (size %d) = %v, want the reader's error", c.size, err)
		}
		expectMissing(t, h, c.key)
	}
	// A stream longer or shorter than announced is refused the same way.
	const key = "videos/64b000000000000000000001/64b000000000000000000013.mp4"
	if _, err := h.Store.Put(ctx, key, "video/mp4", NewPattern(9, 100<<10), 50<<10); err == nil {
		t.Fatal("Put of a stream longer than its announced size succeeded")
	}
	expectMissing(t, h, key)
	if h.Leftovers != nil {
		// Failed uploads may still be cleaning up on the service side.
		deadline := time.Now().Add(2 * time.Second)
		for left := h.Leftovers(t); len(left) > 0; left = h.Leftovers(t) {
			if time.Now().After(deadline) {
				t.Fatalf("failed Puts left %v behind", left)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func testMissing(t *testing.T, h *Harness) {
	const key = "videos/64b000000000000000000001/64b0000000000000000000ff.mp4"
	expectMissing(t, h, key)
	if err := h.Store.Delete(context.Background(), key); err != nil {
		t.Fatalf("Delete of a missing object: %v", err)
	}
}

func testBadKeys(t *testing.T, h *Harness) {
	ctx := context.Background()
	for _, key := range []string{
		"", "/videos/a.mp4", "../a.mp4", "videos/../../etc/passwd", `videos\a.mp4`,
		"Videos/A.mp4", "videos//a.mp4", "videos/a.mp4/", "videos/.a.mp4", "videos/a b.mp4",
		"videos/%2e%2e/a.mp4", "videos/a.mp4?x=1",
	} {
		_, err := h.Store.Put(ctx, key, "video/mp4", strings.NewReader("x"), 1)
		expectInvalidKey(t, "Put", key, err)
		expectInvalidKey(t, "Delete", key, h.Store.Delete(ctx, key))
		_, err = h.Store.Stat(ctx, key)
		expectInvalidKey(t, "Stat", key, err)
		_, err = h.Store.ReadRange(ctx, key, 0, 1)
		expectInvalidKey(t, "ReadRange", key, err)
		_, err = h.Store.SignUpload(ctx, key, "video/mp4", 10, h.Now().Add(time.Minute))
		expectInvalidKey(t, "SignUpload", key, err)
		if u := h.Store.URL(key); u != "" {
			t.Errorf("URL(%q) = %q, want empty", key, u)
		}
	}
}

func testConcurrentPuts(t *testing.T, h *Harness) {
	const n = 8
	keys := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		keys[i] = fmt.Sprintf("videos/64b000000000000000000002/64b0000000000000000001%02d.mp4", i)
		wg.Go(func() {
			_, errs[i] = h.Store.Put(context.Background(), keys[i], "video/mp4", NewPattern(uint64(100+i), int64(64<<10+i)), int64(64<<10+i))
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Put %d: %v", i, errs[i])
		}
		expectObject(t, h, keys[i], "video/mp4", PatternBytes(uint64(100+i), int64(64<<10+i)))
	}
}
