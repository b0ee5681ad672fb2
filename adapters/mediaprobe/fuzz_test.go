package mediaprobe

import (
	"bytes"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/stagecast/stagecast/app"
)

// FuzzDuration checks that no input panics, that every refusal is one of
// the two sentinels (the reader never fails here, so nothing else may
// come out), and that the reads stay within the limits whatever the box
// sizes say. Plain `go test` runs only the seeds: the fixtures and a few
// crafted files.
func FuzzDuration(f *testing.F) {
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && e.Name() != "README.md" {
			f.Add(fixture(f, e.Name()))
		}
	}
	f.Add(movie(mvhdV1(90000, 1<<33)))
	f.Add(movie(mvhdV0(1000, 0), bx("mvex", bx("mehd", u32(0), u32(4200)))))
	f.Add(bytes.Join([][]byte{ftypBox(), largeBx("free", make([]byte, 40)), rawHeader(0, "moov"), mvhdV0(1000, 1)}, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := &countingReader{r: bytes.NewReader(data)}
		got, err := Duration(cr, int64(len(data)))
		if cr.calls > maxReads || cr.longest > windowSize {
			t.Fatalf("%d reads, longest %d bytes", cr.calls, cr.longest)
		}
		if err != nil {
			if got != 0 || !(errors.Is(err, app.ErrNotMP4) || errors.Is(err, app.ErrNoDuration)) {
				t.Fatalf("Duration = %v, %v", got, err)
			}
			return
		}
		if !(got > 0) || math.IsInf(got, 0) {
			t.Fatalf("Duration = %v with no error", got)
		}
	})
}
