package mediaprobe

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
)

func TestDurationFixtures(t *testing.T) {
	// want is what ffprobe printed when the fixture was made (README.md);
	// err is the sentinel for files that must be refused.
	tests := []struct {
		file string
		want float64
		err  error
	}{
		{"moov-first.mp4", 2.0, nil},
		{"moov-last.mp4", 1.5, nil},
		{"quicktime.mov", 1.0, nil},
		{"mvhd-v1.mp4", 3.0, nil},
		{"mp4-as.jpg", 2.0, nil}, // a name does not matter here either
		// ffmpeg's empty_moov leaves mvhd at 0 and writes no mehd: the
		// length is only in the fragments, which we do not walk.
		{"fragmented.mp4", 0, app.ErrNoDuration},
		{"truncated.mp4", 0, app.ErrNotMP4},
		{"empty.mp4", 0, app.ErrNotMP4},
		{"text-as.mp4", 0, app.ErrNotMP4},
		{"png-as.mp4", 0, app.ErrNotMP4},
		{"image.jpg", 0, app.ErrNotMP4},
		{"image.webp", 0, app.ErrNotMP4},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := fixture(t, tt.file)
			cr := &countingReader{r: bytes.NewReader(data)}
			got, err := Duration(cr, int64(len(data)))
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if math.Abs(got-tt.want) > 0.05 {
				t.Fatalf("Duration = %v, want %v ± 0.05", got, tt.want)
			}
			// Fixtures fit in a window or two: moov-last costs one read
			// for ftyp and the mdat header, one for moov.
			if cr.calls > 2 || cr.longest > windowSize {
				t.Fatalf("%d reads, longest %d bytes", cr.calls, cr.longest)
			}
		})
	}
}

func TestDurationCrafted(t *testing.T) {
	ftyp := ftypBox()
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name string
		data []byte
		want float64
	}{
		{"version 0", movie(mvhdV0(600, 1500)), 2.5},
		{"version 1 with a duration past 32 bits", movie(mvhdV1(90000, 1<<33)), float64(1<<33) / 90000},
		{"version 1 with small values", movie(mvhdV1(1000, 1234)), 1.234},
		{"moov before mdat", cat(ftyp, bx("moov", mvhdV0(1000, 500)), bx("mdat", make([]byte, 10))), 0.5},
		{"largesize free before moov", cat(ftyp, largeBx("free", make([]byte, 5000)), bx("moov", mvhdV0(1000, 7000))), 7},
		{"largesize mdat before moov", cat(ftyp, largeBx("mdat", make([]byte, 9000)), bx("moov", mvhdV0(25, 50))), 2},
		{"largesize moov", cat(ftyp, largeBx("moov", mvhdV0(1000, 3000))), 3},
		{"size 0 moov as the last box", cat(ftyp, bx("mdat", make([]byte, 10)), rawHeader(0, "moov"), mvhdV0(1000, 4000)), 4},
		{"size 0 mdat as the last box after moov", cat(ftyp, bx("moov", mvhdV0(1000, 1000)), rawHeader(0, "mdat"), make([]byte, 50)), 1},
		{"mvhd after other children", movie(bx("udta", make([]byte, 20)), bx("trak", make([]byte, 300)), mvhdV0(1000, 1500)), 1.5},
		{"fragmented: mehd v0", movie(mvhdV0(1000, 0), bx("trak"), bx("mvex", bx("trex", make([]byte, 24)), bx("mehd", u32(0), u32(4200)))), 4.2},
		{"fragmented: mehd v1", movie(mvhdV0(1000, 0), bx("mvex", bx("mehd", u32(1<<24), u64(5<<32)))), float64(5<<32) / 1000},
		{"unknown free boxes at the top", cat(ftyp, bx("wide"), bx("uuid", make([]byte, 16)), bx("skip"), bx("moov", mvhdV0(1, 9))), 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr := &countingReader{r: bytes.NewReader(tt.data)}
			got, err := Duration(cr, int64(len(tt.data)))
			if err != nil || got != tt.want {
				t.Fatalf("Duration = %v, %v; want %v", got, err, tt.want)
			}
			if cr.calls > 3 || cr.longest > windowSize {
				t.Fatalf("%d reads, longest %d bytes", cr.calls, cr.longest)
			}
		})
	}
}

func TestDurationRefusesHostileInput(t *testing.T) {
	ftyp := ftypBox()
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	moov := bx("moov", mvhdV0(1000, 1000))
	tests := []struct {
		name string
		data []byte
		err  *errs.Error
	}{
		{"size 0 in the middle swallows the moov after it", cat(ftyp, rawHeader(0, "free"), moov), app.ErrNoDuration},
		{"size 0 child in moov swallows mvhd", cat(ftyp, bx("moov", rawHeader(0, "free"), mvhdV0(1000, 1000))), app.ErrNoDuration},
		{"size smaller than a header", cat(ftyp, rawHeader(4, "free"), moov), app.ErrNotMP4},
		{"size 7", cat(ftyp, rawHeader(7, "free"), make([]byte, 8), moov), app.ErrNotMP4},
		{"largesize smaller than its header", cat(ftyp, rawHeader(1, "free"), u64(12), moov), app.ErrNotMP4},
		{"largesize with no room for it", cat(ftyp, rawHeader(1, "free"), u32(0)), app.ErrNotMP4},
		{"size beyond the end", cat(ftyp, rawHeader(1<<20, "mdat"), moov), app.ErrNotMP4},
		{"huge largesize", cat(ftyp, rawHeader(1, "mdat"), u64(math.MaxUint64), moov), app.ErrNotMP4},
		{"largesize of 2^63", cat(ftyp, rawHeader(1, "mdat"), u64(1<<63), moov), app.ErrNotMP4},
		{"child beyond its parent", cat(ftyp, bx("moov", rawHeader(200, "trak"), mvhdV0(1000, 1000)), make([]byte, 200)), app.ErrNotMP4},
		{"10,000 tiny boxes", cat(ftyp, bytes.Repeat(bx("free"), 10000), moov), app.ErrNotMP4},
		{"10,000 tiny boxes in moov", cat(ftyp, bx("moov", bytes.Repeat(bx("free"), 10000))), app.ErrNotMP4},
		{"many boxes far apart", cat(ftyp, bytes.Repeat(bx("free", make([]byte, windowSize)), 40), moov), app.ErrNotMP4},
		{"trailing bytes too short for a box", cat(ftyp, bx("free"), []byte{0, 0, 0}), app.ErrNotMP4},
		{"timescale 0", movie(mvhdV0(0, 1000)), app.ErrNoDuration},
		{"timescale 0, version 1", movie(mvhdV1(0, 1000)), app.ErrNoDuration},
		{"duration 0", movie(mvhdV0(1000, 0)), app.ErrNoDuration},
		{"duration unknown, version 0", movie(mvhdV0(1000, math.MaxUint32)), app.ErrNoDuration},
		{"duration unknown, version 1", movie(mvhdV1(1000, math.MaxUint64)), app.ErrNoDuration},
		{"mvex without mehd", movie(mvhdV0(1000, 0), bx("mvex", bx("trex", make([]byte, 24)))), app.ErrNoDuration},
		{"mehd of 0", movie(mvhdV0(1000, 0), bx("mvex", bx("mehd", u32(0), u32(0)))), app.ErrNoDuration},
		{"mehd cut short", movie(mvhdV0(1000, 0), bx("mvex", bx("mehd", u32(0), []byte{1}))), app.ErrNotMP4},
		{"moov without mvhd", movie(bx("trak", make([]byte, 40))), app.ErrNoDuration},
		{"empty moov", movie(), app.ErrNoDuration},
		{"no moov", cat(ftyp, bx("mdat", make([]byte, 100))), app.ErrNoDuration},
		{"only ftyp", ftyp, app.ErrNoDuration},
		{"mvhd cut short", movie(bx("mvhd", u32(0), u32(1), u32(2), u32(1000))), app.ErrNotMP4},
		{"mvhd version 1 with a version 0 length", movie(bx("mvhd", u32(1<<24), make([]byte, 20))), app.ErrNotMP4},
		{"empty mvhd", movie(bx("mvhd")), app.ErrNotMP4},
		{"mvhd version 2", movie(bx("mvhd", u32(2<<24), make([]byte, 100))), app.ErrNotMP4},
		{"moov before ftyp", cat(moov, ftyp), app.ErrNotMP4},
		{"no ftyp at all", cat(bx("mdat", make([]byte, 10)), moov), app.ErrNotMP4},
		{"seven bytes", ftyp[:7], app.ErrNotMP4},
		{"nothing", nil, app.ErrNotMP4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr := &countingReader{r: bytes.NewReader(tt.data)}
			got, err := Duration(cr, int64(len(tt.data)))
			if !errors.Is(err, tt.err) {
				t.Fatalf("Duration = %v, %v; want %v", got, err, tt.err)
			}
			t.Logf("%v (%d reads)", err, cr.calls)
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("kind %v, want invalid", errs.KindOf(err))
			}
			if cr.calls > maxReads || cr.longest > windowSize {
				t.Fatalf("%d reads, longest %d bytes", cr.calls, cr.longest)
			}
		})
	}
}

func TestDurationReadsFewSmallRanges(t *testing.T) {
	// A 4 GiB "file" that is mostly media data: only the ranges Duration
	// asks for exist, the way a remote object answers ranged reads.
	const size = 4 << 30
	head := bytes.Join([][]byte{ftypBox(), largeBx("mdat")}, nil)
	mdatEnd := int64(size - 2000)
	copy(head[len(head)-8:], u64(uint64(mdatEnd)-uint64(len(ftypBox()))))
	tail := bx("moov", mvhdV0(1000, 90_000), bx("trak", make([]byte, 2000-8-108-8)))
	sparse := sparseFile{size: size, parts: map[int64][]byte{0: head, mdatEnd: tail}}
	cr := &countingReader{r: sparse}
	got, err := Duration(cr, size)
	if err != nil || got != 90 {
		t.Fatalf("Duration = %v, %v", got, err)
	}
	if cr.calls != 2 || cr.total > 2*windowSize {
		t.Fatalf("%d reads, %d bytes: want two small ones", cr.calls, cr.total)
	}
}

// sparseFile is a large ReaderAt made of a few parts and zeros between.
type sparseFile struct {
	size  int64
	parts map[int64][]byte
}

func (s sparseFile) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > s.size {
		return 0, io.ErrUnexpectedEOF
	}
	clear(p)
	for at, part := range s.parts {
		// Copy the overlap of [at, at+len(part)) with [off, off+len(p)).
		lo, hi := max(at, off), min(at+int64(len(part)), off+int64(len(p)))
		if lo < hi {
			copy(p[lo-off:hi-off], part[lo-at:hi-at])
		}
	}
	return len(p), nil
}

func TestDurationAllocatesLittle(t *testing.T) {
	ftyp := ftypBox()
	inputs := map[string][]byte{
		"huge largesize": bytes.Join([][]byte{ftyp, rawHeader(1, "mdat"), u64(math.MaxUint64)}, nil),
		"10,000 boxes":   bytes.Join([][]byte{ftyp, bytes.Repeat(bx("free"), 10000)}, nil),
		"moov-last.mp4":  fixture(t, "moov-last.mp4"),
	}
	for name, data := range inputs {
		r := bytes.NewReader(data)
		n := bytesPerRun(100, func() { _, _ = Duration(r, int64(len(data))) })
		// The window (4 KiB) and an error value; nothing that grows with
		// a size read from the file.
		if n > 2*windowSize {
			t.Errorf("%s: %d bytes allocated per call", name, n)
		}
	}
}

func TestDurationReaderAtEdgeCases(t *testing.T) {
	data := fixture(t, "moov-last.mp4")
	t.Run("io.EOF with a full read is fine", func(t *testing.T) {
		if got, err := Duration(eofReader{data}, int64(len(data))); err != nil || math.Abs(got-1.5) > 0.05 {
			t.Fatalf("Duration = %v, %v", got, err)
		}
	})
	t.Run("object shorter than its announced size", func(t *testing.T) {
		_, err := Duration(bytes.NewReader(data[:8000]), int64(len(data)))
		if !errors.Is(err, app.ErrNotMP4) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("err = %v, want app.ErrNotMP4 caused by io.ErrUnexpectedEOF", err)
		}
	})
	t.Run("storage failure is passed on, not blamed on the file", func(t *testing.T) {
		boom := errors.New("connection reset")
		_, err := Duration(failingReader{boom}, 1<<20)
		if !errors.Is(err, boom) || errors.Is(err, app.ErrNotMP4) || errors.Is(err, app.ErrNoDuration) {
			t.Fatalf("err = %v, want the storage error", err)
		}
	})
}

func BenchmarkDurationMoovLast(b *testing.B) {
	data := fixture(b, "moov-last.mp4")
	r := bytes.NewReader(data)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Duration(r, int64(len(data))); err != nil {
			b.Fatal(err)
		}
	}
}
