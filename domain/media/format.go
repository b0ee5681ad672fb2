package media

import (
	"bytes"
	"encoding/binary"

	"github.com/stagecast/stagecast/domain/errs"
)

// SniffLen is how many leading bytes of a file callers pass to Sniff. Fewer
// are fine for a shorter file; more are ignored. It covers the ftyp box
// header and a dozen compatible brands, which is where an MP4 written by an
// unusual muxer says that it is an MP4.
const SniffLen = 64

// Kind tells videos from images.
type Kind uint8

// The kinds of media the platform stores. The zero Kind is no media at all.
const (
	Video Kind = iota + 1
	Image
)

// String returns "video", "image" or "unknown", for logs and messages.
func (k Kind) String() string {
	switch k {
	case Video:
		return "video"
	case Image:
		return "image"
	}
	return "unknown"
}

// Format is an accepted file format, as read from the file's first bytes.
type Format struct {
	Kind Kind
	MIME string // the Content-Type to store and serve it with
	Ext  string // the file name extension, with its dot
}

// IsVideo reports whether f is a video format.
func (f Format) IsVideo() bool { return f.Kind == Video }

// IsImage reports whether f is an image format.
func (f Format) IsImage() bool { return f.Kind == Image }

// The accepted formats. They stay unexported so that no caller can change
// them; callers read Kind, MIME and Ext from what Sniff returns.
var (
	mp4Format  = Format{Kind: Video, MIME: "video/mp4", Ext: ".mp4"}
	movFormat  = Format{Kind: Video, MIME: "video/quicktime", Ext: ".mov"}
	jpegFormat = Format{Kind: Image, MIME: "image/jpeg", Ext: ".jpg"}
	pngFormat  = Format{Kind: Image, MIME: "image/png", Ext: ".png"}
	webpFormat = Format{Kind: Image, MIME: "image/webp", Ext: ".webp"}
)

// ErrUnsupportedFormat is the error for bytes that Sniff refuses, or for a
// format of the wrong kind (an image where a video is expected).
var ErrUnsupportedFormat = errs.New(errs.Invalid, "Unsupported file format. Videos must be MP4 or QuickTime, images JPEG, PNG or WebP")

// brands maps the ftyp brands we accept to their format. The list is the
// ISO base media family that browsers play as video/mp4, plus QuickTime.
//
// 3GPP brands (3gp4, 3gp5, 3g2a, ...) are refused on purpose, even though
// they are the same container: 3GPP files mostly carry H.263 video and AMR
// audio, which web players cannot decode, and we serve files as uploaded.
// M4A (audio only) is refused for the same reason: it is not a video.
var brands = map[string]Format{
	"isom": mp4Format, "iso2": mp4Format, "iso3": mp4Format, "iso4": mp4Format, "iso5": mp4Format,
	"iso6": mp4Format, "iso7": mp4Format, "iso8": mp4Format, "iso9": mp4Format,
	"mp41": mp4Format, "mp42": mp4Format, "avc1": mp4Format, "dash": mp4Format, "M4V ": mp4Format,
	"qt  ": movFormat,
}

// refusedMajor lists major brands that decide "no" even when a compatible
// brand would say yes: a 3GPP file typically lists isom as compatible.
var refusedMajor = map[string]bool{
	"3gp4": true, "3gp5": true, "3gp6": true, "3gp7": true,
	"3gg6": true, "3g2a": true, "3g2b": true, "3g2c": true,
	"M4A ": true, "M4B ": true, "M4P ": true,
}

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
)

// Sniff reads the format from the first bytes of a file (pass at least
// SniffLen of them, or the whole file when shorter). What a client declares
// (a Content-Type, a file name) is never consulted: it is what an attacker
// controls. It reports false for anything but MP4, QuickTime, JPEG, PNG and
// WebP.
func Sniff(head []byte) (Format, bool) {
	switch {
	case bytes.HasPrefix(head, jpegMagic):
		return jpegFormat, true
	case bytes.HasPrefix(head, pngMagic):
		return pngFormat, true
	case len(head) >= 16 && string(head[0:4]) == "RIFF" && string(head[8:12]) == "WEBP" &&
		string(head[12:15]) == "VP8": // the first chunk is VP8, VP8L or VP8X
		return webpFormat, true
	}
	return sniffFtyp(head)
}

// sniffFtyp recognises an ISO base media file by its leading ftyp box. The
// major brand decides; when it is one we do not know (a camera maker's own,
// say), the compatible brands that fit in head may still vouch for MP4.
func sniffFtyp(head []byte) (Format, bool) {
	if len(head) < 16 || string(head[4:8]) != "ftyp" {
		return Format{}, false
	}
	size := binary.BigEndian.Uint32(head)
	// 16 bytes: header, major brand and minor version. A size of 0 or 1
	// (to the end of file, 64-bit size) is legal for boxes in general but
	// never seen on an ftyp; refusing it keeps this simple and strict.
	if size < 16 || size%4 != 0 {
		return Format{}, false
	}
	major := head[8:12]
	if f, ok := brands[string(major)]; ok {
		return f, true
	}
	if refusedMajor[string(major)] {
		return Format{}, false
	}
	end := min(int(size), len(head))
	for i := 16; i+4 <= end; i += 4 {
		if f, ok := brands[string(head[i:i+4])]; ok {
			return f, true
		}
	}
	return Format{}, false
}
