package local_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/adapters/storage/local"
	"github.com/stagecast/stagecast/adapters/storage/storagetest"
	"github.com/stagecast/stagecast/app"
)

func TestNewChecksConfig(t *testing.T) {
	dir := t.TempDir()
	for name, cfg := range map[string]local.Config{
		"Dir":        {BaseURL: "http://x", SigningKey: testKey},
		"BaseURL":    {Dir: dir, BaseURL: "/relative", SigningKey: testKey},
		"SigningKey": {Dir: dir, BaseURL: "http://x", SigningKey: []byte("short")},
	} {
		if _, err := local.New(cfg); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("New without a good %s: %v", name, err)
		}
	}
	nested := filepath.Join(dir, "a", "b")
	s, err := local.New(local.Config{Dir: nested, BaseURL: "https://api.example.com/", SigningKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(nested); err != nil || !fi.IsDir() {
		t.Fatalf("New did not create Dir: %v", err)
	}
	if got := s.URL("videos/u/a.mp4"); got != "https://api.example.com/media/videos/u/a.mp4" {
		t.Fatalf("URL = %q", got)
	}
}

func TestPing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.store.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if left := f.tempFiles(t); len(left) != 0 {
		t.Fatalf("Ping left %v", left)
	}
	if err := os.RemoveAll(f.dir); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Ping(ctx); err == nil {
		t.Fatal("Ping of a removed directory succeeded")
	}
}

func TestDirectoriesAreNotObjects(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.put(t, "videos/u1/a.mp4", 10)
	if err := os.Mkdir(filepath.Join(f.dir, "videos", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"videos/u1", "videos/empty"} {
		if _, err := f.store.Stat(ctx, key); !errors.Is(err, app.ErrObjectNotFound) {
			t.Errorf("Stat of directory %s: %v", key, err)
		}
		if _, err := f.store.ReadRange(ctx, key, 0, 1); !errors.Is(err, app.ErrObjectNotFound) {
			t.Errorf("ReadRange of directory %s: %v", key, err)
		}
		if err := f.store.Delete(ctx, key); err != nil {
			t.Errorf("Delete of directory %s: %v", key, err)
		}
	}
	if _, err := os.Stat(filepath.Join(f.dir, "videos", "empty")); err != nil {
		t.Fatal("Delete removed a directory")
	}
	if _, err := f.store.Stat(ctx, "videos/u1/a.mp4/x"); !errors.Is(err, app.ErrObjectNotFound) {
		t.Errorf("Stat below a file: %v", err)
	}
	if err := f.store.Delete(ctx, "videos/u1/a.mp4/x"); err != nil {
		t.Errorf("Delete below a file: %v", err)
	}
}

func TestSymlinkOutsideIsNotFollowed(t *testing.T) {
	f := newFixture(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "a.mp4"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(f.dir, "videos")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	ctx := context.Background()
	if _, err := f.store.Stat(ctx, "videos/a.mp4"); err == nil {
		t.Fatal("Stat followed a symlink out of the directory")
	}
	if b, err := f.store.ReadRange(ctx, "videos/a.mp4", 0, 10); err == nil {
		t.Fatalf("ReadRange read %q outside the directory", b)
	}
	if _, err := f.store.Put(ctx, "videos/b.mp4", "video/mp4", strings.NewReader("x"), 1); err == nil {
		t.Fatal("Put wrote through a symlink out of the directory")
	}
	if _, err := os.Stat(filepath.Join(outside, "b.mp4")); err == nil {
		t.Fatal("a file appeared outside the directory")
	}
	rec := serve(f.store.MediaHandler(), "GET", "/media/videos/a.mp4", nil)
	expectJSON(t, rec, 404, "Route not found")
}

func TestPutCanceled(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.store.Put(ctx, "videos/u1/a.mp4", "video/mp4", storagetest.NewPattern(1, 1<<20), -1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put with a canceled context: %v", err)
	}
	if left := f.tempFiles(t); len(left) != 0 {
		t.Fatalf("left %v", left)
	}
}

// TestPutMemory streams 100 MiB to disk: the store copies through a small
// buffer, so the whole process allocates a tiny fraction of it.
func TestPutMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MiB")
	}
	f := newFixture(t)
	const size = 100 << 20
	alloc := storagetest.PutAllocs(t, f.store, "videos/u1/big.mp4", "video/mp4", size)
	t.Logf("Put of 100 MiB allocated %d KiB", alloc>>10)
	if alloc >= 16<<20 {
		t.Fatalf("Put of 100 MiB allocated %d MiB, want < 16 MiB", alloc>>20)
	}
	if info, err := f.store.Stat(context.Background(), "videos/u1/big.mp4"); err != nil || info.Size != size {
		t.Fatalf("Stat: %+v %v", info, err)
	}
}
