package mediaprobe

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/stagecast/stagecast/app"
)

// Limits that keep a hostile file cheap. Real files have a handful of
// top-level boxes (ftyp, free, mdat, moov, maybe uuid or meta) and mvhd
// comes first in moov, so a parse normally costs one or two reads.
const (
	maxBoxes = 64 // box headers examined, at every level together
	// maxReads bounds the ReadAt calls, each of at most windowSize bytes:
	// against a remote object every read is a ranged request.
	maxReads = 16
	// windowSize is the one buffer Duration reads into. Small boxes that
	// sit next to each other (ftyp, moov and mvhd of a faststart file)
	// come in a single read.
	windowSize = 4096
)

// Duration reads the length in seconds of the MP4 or QuickTime file of
// size bytes behind r, from moov/mvhd (and, for a fragmented file whose
// mvhd says 0, from moov/mvex/mehd). It finds moov before or after the
// media data without reading the media data: r may be a remote object
// read with a few small ranged reads. Errors from r are returned wrapped;
// everything wrong with the file itself matches app.ErrNotMP4 or
// app.ErrNoDuration.
//
// A fragmented file states its full length only in mehd, when at all; the
// fragments are not walked, as that would mean reading the whole file. So
// such a file gives app.ErrNoDuration when mvhd says 0, and what mvhd
// covers (the samples in moov) otherwise.
func Duration(r io.ReaderAt, size int64) (float64, error) {
	if size < 8 {
		return 0, app.ErrNotMP4.WithCause(fmt.Errorf("%d bytes is too short for a box", size))
	}
	p := &parser{win: window{r: r, size: size}}
	for off := int64(0); off < size; {
		b, err := p.box(off, size)
		if err != nil {
			return 0, err
		}
		// Sniff only accepts files that open with ftyp; asking the same
		// here rejects text and images before any size in them is trusted.
		if off == 0 && !b.is("ftyp") {
			return 0, app.ErrNotMP4.WithCause(fmt.Errorf("first box is %q, not ftyp", b.name()))
		}
		if b.is("moov") {
			return p.moov(b)
		}
		off = b.end // mdat, free and the rest are skipped by size, unread
	}
	return 0, app.ErrNoDuration.WithCause(errors.New("no moov box"))
}

// box is one box header: its type and where its payload starts and ends.
type box struct {
	typ       [4]byte // kept as bytes: a string would cost an allocation per box
	off       int64   // the header
	body, end int64   // the payload, [body, end)
}

// is reports whether the box has the type typ.
func (b box) is(typ string) bool { return string(b.typ[:]) == typ }

// name is the type as a string, for error messages only: it allocates.
func (b box) name() string { return string(b.typ[:]) }

// parser walks boxes through a window and counts them against maxBoxes.
type parser struct {
	win   window
	boxes int
}

// box reads the header of the box at off inside a parent ending at limit,
// and checks that its size neither undercuts the header nor passes limit.
func (p *parser) box(off, limit int64) (box, error) {
	if p.boxes++; p.boxes > maxBoxes {
		return box{}, app.ErrNotMP4.WithCause(fmt.Errorf("more than %d boxes", maxBoxes))
	}
	if limit-off < 8 {
		return box{}, app.ErrNotMP4.WithCause(fmt.Errorf("box at %d: %d bytes left, no room for a header", off, limit-off))
	}
	h, err := p.win.bytes(off, 8)
	if err != nil {
		return box{}, err
	}
	b := box{typ: [4]byte(h[4:8]), off: off, body: off + 8}
	size := uint64(binary.BigEndian.Uint32(h))
	switch size {
	case 0: // the box runs to the end of its parent (of the file, at the top)
		size = uint64(limit - off)
	case 1: // a 64-bit size follows the type
		if limit-off < 16 {
			return box{}, app.ErrNotMP4.WithCause(fmt.Errorf("box %q at %d: no room for a 64-bit size", b.name(), off))
		}
		h, err := p.win.bytes(off+8, 8)
		if err != nil {
			return box{}, err
		}
		size, b.body = binary.BigEndian.Uint64(h), off+16
	}
	// Compared as unsigned so that a largesize past 2^63 cannot turn
	// negative and walk backwards.
	if size < uint64(b.body-off) {
		return box{}, app.ErrNotMP4.WithCause(fmt.Errorf("box %q at %d: size %d is smaller than its header", b.name(), off, size))
	}
	if size > uint64(limit-off) {
		return box{}, app.ErrNotMP4.WithCause(fmt.Errorf("box %q at %d: size %d runs past the end at %d", b.name(), off, size, limit))
	}
	b.end = off + int64(size)
	return b, nil
}

// moov finds mvhd among the children of moov and turns it into seconds.
// A fragmented file may leave the mvhd duration at 0 and put the real one
// in mvex/mehd, so then the scan goes on for mvex.
func (p *parser) moov(moov box) (float64, error) {
	var timescale uint32
	var found bool
	for off := moov.body; off < moov.end; {
		b, err := p.box(off, moov.end)
		if err != nil {
			return 0, err
		}
		switch {
		case b.is("mvhd") && !found:
			var dur uint64
			if timescale, dur, err = p.mvhd(b); err != nil {
				return 0, err
			}
			if dur != 0 {
				return seconds(dur, timescale), nil
			}
			found = true
		case b.is("mvex") && found:
			if dur, err := p.mehd(b); err != nil || dur != 0 {
				return seconds(dur, timescale), err
			}
		}
		off = b.end
	}
	if !found {
		return 0, app.ErrNoDuration.WithCause(errors.New("moov has no mvhd"))
	}
	return 0, app.ErrNoDuration.WithCause(errors.New("mvhd duration is 0 or unknown, and no mehd says otherwise"))
}

// mvhd reads the timescale and duration of a movie header. Version 0 has
// 32-bit times and duration; version 1 has 64-bit ones. The layout is
// version+flags, creation time, modification time, timescale, duration.
func (p *parser) mvhd(b box) (timescale uint32, dur uint64, err error) {
	v, err := p.fullBox(b, 20, 32)
	if err != nil {
		return 0, 0, err
	}
	if v[0] == 0 {
		timescale, dur = binary.BigEndian.Uint32(v[12:16]), uint64(binary.BigEndian.Uint32(v[16:20]))
		if dur == 0xFFFFFFFF { // all ones: "unknown" per ISO 14496-12
			dur = 0
		}
	} else {
		timescale, dur = binary.BigEndian.Uint32(v[20:24]), binary.BigEndian.Uint64(v[24:32])
		if dur == ^uint64(0) {
			dur = 0
		}
	}
	if timescale == 0 {
		return 0, 0, app.ErrNoDuration.WithCause(errors.New("mvhd timescale is 0"))
	}
	return timescale, dur, nil
}

// mehd finds the movie extends header in mvex and returns its fragment
// duration (in the mvhd timescale), or 0 when there is none.
func (p *parser) mehd(mvex box) (uint64, error) {
	for off := mvex.body; off < mvex.end; {
		b, err := p.box(off, mvex.end)
		if err != nil {
			return 0, err
		}
		if b.is("mehd") {
			v, err := p.fullBox(b, 8, 12)
			if err != nil {
				return 0, err
			}
			if v[0] == 0 {
				return uint64(binary.BigEndian.Uint32(v[4:8])), nil
			}
			return binary.BigEndian.Uint64(v[4:12]), nil
		}
		off = b.end
	}
	return 0, nil
}

// fullBox reads the start of a full box's payload: v0Len bytes for
// version 0, v1Len for version 1 (the version is the first byte). Other
// versions are refused rather than guessed at.
func (p *parser) fullBox(b box, v0Len, v1Len int64) ([]byte, error) {
	if b.end-b.body < 1 {
		return nil, app.ErrNotMP4.WithCause(fmt.Errorf("%s at %d is empty", b.name(), b.off))
	}
	v, err := p.win.bytes(b.body, 1)
	if err != nil {
		return nil, err
	}
	n := v0Len
	switch v[0] {
	case 0:
	case 1:
		n = v1Len
	default:
		return nil, app.ErrNotMP4.WithCause(fmt.Errorf("%s at %d: unknown version %d", b.name(), b.off, v[0]))
	}
	if b.end-b.body < n {
		return nil, app.ErrNotMP4.WithCause(fmt.Errorf("%s at %d: %d bytes, version %d needs %d", b.name(), b.off, b.end-b.body, v[0], n))
	}
	return p.win.bytes(b.body, int(n))
}

// seconds converts a duration in timescale units; timescale is never 0.
func seconds(dur uint64, timescale uint32) float64 {
	return float64(dur) / float64(timescale)
}
