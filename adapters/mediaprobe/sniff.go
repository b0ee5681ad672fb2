package mediaprobe

import (
	"bytes"
	"encoding/binary"

	"github.com/stagecast/stagecast/app"
)

// The formats Sniff recognises, taken from the one table in app by their
// type, so that what Sniff returns compares equal to the table's values.
var (
	mp4Format  = mustFormat("video/mp4")
	movFormat  = mustFormat("video/quicktime")
	jpegFormat = mustFormat("image/jpeg")
	pngFormat  = mustFormat("image/png")
	webpFormat = mustFormat("image/webp")
)

// mustFormat looks a format up in app's table. A format missing there is
// a programming error that every test of this package reports at once.
func mustFormat(mime string) app.Format {
	f, ok := app.FormatByMIME(mime)
	if !ok {
		panic("mediaprobe: " + mime + " is not in app's format table")
	}
	return f
}

// brands maps the ftyp brands we accept to their format. The list is the
// ISO base media family that browsers play as video/mp4, plus QuickTime.
//
// 3GPP brands (3gp4, 3gp5, 3g2a, ...) are refused on purpose, even though
// they are the same container: 3GPP files mostly carry H.263 video and AMR
// audio, which web players cannot decode, and we serve files as uploaded.
// M4A (audio only) is refused for the same reason: it is not a video.
var brands = map[string]app.Format{
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
// app.SniffLen of them, or the whole file when shorter). What a client
// declares (a Content-Type, a file name) is never consulted: it is what an
// attacker controls. It reports false for anything but MP4, QuickTime, JPEG, PNG and
// WebP.
func Sniff(head []byte) (app.Format, bool) {
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
func sniffFtyp(head []byte) (app.Format, bool) {
	if len(head) < 16 || string(head[4:8]) != "ftyp" {
		return app.Format{}, false
	}
	size := binary.BigEndian.Uint32(head)
	// 16 bytes: header, major brand and minor version. A size of 0 or 1
	// (to the end of file, 64-bit size) is legal for boxes in general but
	// never seen on an ftyp; refusing it keeps this simple and strict.
	if size < 16 || size%4 != 0 {
		return app.Format{}, false
	}
	major := head[8:12]
	if f, ok := brands[string(major)]; ok {
		return f, true
	}
	if refusedMajor[string(major)] {
		return app.Format{}, false
	}
	end := min(int(size), len(head))
	for i := 16; i+4 <= end; i += 4 {
		if f, ok := brands[string(head[i:i+4])]; ok {
			return f, true
		}
	}
	return app.Format{}, false
}
