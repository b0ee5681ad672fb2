package storagetest

import (
	"context"
	"runtime"
	"testing"

	"github.com/stagecast/stagecast/app"
)

// PutAllocs puts size bytes of a Pattern under key and returns how many
// bytes the whole process allocated meanwhile (runtime.MemStats
// TotalAlloc, after a GC): the store, its HTTP client and an in-process
// fake's server side together. A streaming store allocates a small
// multiple of its buffers, whatever the size; one that buffers the object
// allocates at least size. Run it from a test that is not parallel, as
// other goroutines' allocations count too.
func PutAllocs(t *testing.T, s app.MediaStore, key, contentType string, size int64) uint64 {
	t.Helper()
	ctx := context.Background()
	src := NewPattern(7, size)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	obj, err := s.Put(ctx, key, contentType, src, size)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("Put of %d bytes: %v", size, err)
	}
	if obj.Size != size {
		t.Fatalf("Put of %d bytes stored %d", size, obj.Size)
	}
	return after.TotalAlloc - before.TotalAlloc
}
