package app

import (
	"io"

	"github.com/stagecast/stagecast/domain/errs"
)

// SniffLen is how many leading bytes of a file callers pass to
// MediaProbe.Sniff. Fewer are fine for a shorter file; more are ignored.
// It covers the ftyp box header and a dozen compatible brands, which is
// where an MP4 written by an unusual muxer says that it is an MP4.
const SniffLen = 64

// MediaProbe reads what the core needs from the bytes of a media file: its
// format, and a video's length. What a client declares (a Content-Type, a
// file name) is never consulted: it is what an attacker controls.
type MediaProbe interface {
	// Sniff reads the format from the first bytes of a file (SniffLen of
	// them, or the whole file when shorter). It reports false for anything
	// but the formats of Formats.
	Sniff(head []byte) (Format, bool)
	// Duration reads the length in seconds of the MP4 or QuickTime file of
	// size bytes behind r, with a few small reads: r may be a remote
	// object. Errors from r are returned wrapped; everything wrong with the
	// file itself matches ErrNotMP4 or ErrNoDuration.
	Duration(r io.ReaderAt, size int64) (float64, error)
}

// Errors of MediaProbe.Duration. Both are Invalid: the file, not the
// server, is at fault. The cause (which box, which offset) is attached for
// the logs.
var (
	// ErrNotMP4 means the bytes are not a well-formed MP4 or QuickTime box
	// structure: no leading ftyp, a box size that lies, a truncated file,
	// or more boxes than any real file has.
	ErrNotMP4 = errs.Define(errs.Invalid, "media.not_mp4", "The video is not a valid MP4 or QuickTime file")
	// ErrNoDuration means the structure is sound but says nothing usable
	// about the length: no moov or mvhd box, a timescale of 0, or a
	// duration that is zero or marked unknown.
	ErrNoDuration = errs.Define(errs.Invalid, "media.no_duration", "The video's duration could not be read")
)
