package mediaprobe

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// fixtureDir holds the real files made with ffmpeg; see its README.md.
const fixtureDir = "../../testdata/media"

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bx builds a box with a 32-bit size from its type and payload parts.
func bx(typ string, parts ...[]byte) []byte {
	body := bytes.Join(parts, nil)
	return append(binary.BigEndian.AppendUint32(nil, uint32(8+len(body))), append([]byte(typ), body...)...)
}

// largeBx builds a box with size 1 and a 64-bit largesize.
func largeBx(typ string, parts ...[]byte) []byte {
	body := bytes.Join(parts, nil)
	b := binary.BigEndian.AppendUint32(nil, 1)
	b = append(b, typ...)
	b = binary.BigEndian.AppendUint64(b, uint64(16+len(body)))
	return append(b, body...)
}

// rawHeader builds just a box header with any size, to lie with.
func rawHeader(size uint32, typ string) []byte {
	return append(binary.BigEndian.AppendUint32(nil, size), typ...)
}

func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// ftypBox is a plausible ftyp, as ffmpeg writes it.
func ftypBox() []byte {
	return bx("ftyp", []byte("isom"), u32(0x200), []byte("isomiso2avc1mp41"))
}

// mvhdV0 builds a version 0 movie header; the fields after the duration
// (rate, volume, matrix, next track ID) are zero filled to the real size.
func mvhdV0(timescale, dur uint32) []byte {
	return bx("mvhd", u32(0), u32(1), u32(2), u32(timescale), u32(dur), make([]byte, 80))
}

// mvhdV1 builds a version 1 movie header, with 64-bit times and duration.
func mvhdV1(timescale uint32, dur uint64) []byte {
	return bx("mvhd", u32(1<<24), u64(1), u64(2), u32(timescale), u64(dur), make([]byte, 80))
}

// movie is a whole file: ftyp, some media data, then moov with children.
func movie(moovChildren ...[]byte) []byte {
	return bytes.Join([][]byte{ftypBox(), bx("mdat", make([]byte, 100)), bx("moov", moovChildren...)}, nil)
}

// countingReader records how Duration reads, to prove it stays small.
type countingReader struct {
	r       io.ReaderAt
	calls   int
	longest int
	total   int
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.calls++
	c.longest = max(c.longest, len(p))
	c.total += len(p)
	return c.r.ReadAt(p, off)
}

// eofReader returns io.EOF along with a full read that ends at the end of
// the data, which io.ReaderAt allows and bytes.Reader never does.
type eofReader struct{ b []byte }

func (e eofReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := bytes.NewReader(e.b).ReadAt(p, off)
	if err == nil && off+int64(n) == int64(len(e.b)) {
		err = io.EOF
	}
	return n, err
}

// failingReader stands for storage that fails, say a dropped connection.
type failingReader struct{ err error }

func (f failingReader) ReadAt([]byte, int64) (int, error) { return 0, f.err }

// bytesPerRun reports the heap bytes allocated per call of fn. The test
// that uses it is not parallel, so nothing else allocates meanwhile.
func bytesPerRun(runs int, fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		fn()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}
