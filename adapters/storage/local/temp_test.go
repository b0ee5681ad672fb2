package local_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestReapTemp(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	write := func(rel string, age time.Duration) string {
		t.Helper()
		p := filepath.Join(f.dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := write("videos/u1/.upload-OLD.tmp", 2*time.Hour)
	staleTop := write(".upload-TOP.tmp", 3*time.Hour)
	fresh := write("videos/u1/.upload-NEW.tmp", time.Minute)
	object := write("videos/u1/old.mp4", 48*time.Hour)
	lookalike := write("videos/u1/.upload-x.part", 48*time.Hour)

	n, err := f.store.ReapTemp(context.Background(), now.Add(-time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("ReapTemp = %d, %v; want 2", n, err)
	}
	for _, p := range []string{stale, staleTop} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s survived: %v", p, err)
		}
	}
	for _, p := range []string{fresh, object, lookalike} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
	left := f.tempFiles(t)
	slices.Sort(left)
	if want := []string{fresh, lookalike}; !slices.Equal(left, want) {
		t.Fatalf("left %v, want %v", left, want)
	}
}
