package app

import "strings"

// FormatKind tells videos from images.
type FormatKind uint8

// The kinds of media the platform stores. The zero FormatKind is no media
// at all.
const (
	FormatVideo FormatKind = iota + 1
	FormatImage
)

// String returns "video", "image" or "unknown", for logs and messages.
func (k FormatKind) String() string {
	switch k {
	case FormatVideo:
		return "video"
	case FormatImage:
		return "image"
	}
	return "unknown"
}

// Format is a file format the platform accepts. It is comparable, so that
// a format read from a file can be checked against one of the table.
type Format struct {
	Kind FormatKind
	MIME string // the Content-Type to store and serve it with
	Ext  string // the extension of its storage keys, with its dot
}

// IsVideo reports whether f is a video format.
func (f Format) IsVideo() bool { return f.Kind == FormatVideo }

// IsImage reports whether f is an image format.
func (f Format) IsImage() bool { return f.Kind == FormatImage }

// formats is the one table of accepted formats: what the core accepts from
// a client, the extension it gives their keys, and the type storage serves
// them with all come from here. It stays unexported so that no caller can
// change it; the lookups hand out copies.
var formats = [...]Format{
	{Kind: FormatVideo, MIME: "video/mp4", Ext: ".mp4"},
	{Kind: FormatVideo, MIME: "video/quicktime", Ext: ".mov"},
	{Kind: FormatImage, MIME: "image/jpeg", Ext: ".jpg"},
	{Kind: FormatImage, MIME: "image/png", Ext: ".png"},
	{Kind: FormatImage, MIME: "image/webp", Ext: ".webp"},
}

// Formats returns the accepted formats, videos first.
func Formats() []Format {
	return append([]Format(nil), formats[:]...)
}

// FormatByMIME returns the accepted format of a media type such as
// "video/mp4". Media types are case-insensitive; parameters (";
// codecs=...") and surrounding spaces are the caller's to strip, so that
// what is accepted is exactly what is stored.
func FormatByMIME(mime string) (Format, bool) {
	for _, f := range formats {
		if strings.EqualFold(f.MIME, mime) {
			return f, true
		}
	}
	return Format{}, false
}

// FormatByExt returns the accepted format of a key extension such as
// ".mp4", with its dot. Only the extensions the core gives keys are known,
// in lowercase as keys are, so a key that names a format is one the core
// could have made for it.
func FormatByExt(ext string) (Format, bool) {
	for _, f := range formats {
		if f.Ext == ext {
			return f, true
		}
	}
	return Format{}, false
}
