package mediaprobe

import (
	"bytes"
	"testing"

	"github.com/stagecast/stagecast/app"
)

func TestSniffFixtures(t *testing.T) {
	tests := []struct {
		file string
		want app.Format // the zero Format: refused
	}{
		{"moov-first.mp4", mp4Format},
		{"moov-last.mp4", mp4Format},
		{"mvhd-v1.mp4", mp4Format},
		{"fragmented.mp4", mp4Format},
		{"truncated.mp4", mp4Format}, // its head is fine; Duration refuses it
		{"quicktime.mov", movFormat},
		{"image.jpg", jpegFormat},
		{"image.png", pngFormat},
		{"image.webp", webpFormat},
		{"mp4-as.jpg", mp4Format}, // the name lies; the bytes decide
		{"png-as.mp4", pngFormat},
		{"text-as.mp4", app.Format{}},
		{"empty.mp4", app.Format{}},
		{"phone.3gp", app.Format{}}, // 3GPP is refused on purpose
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			head := fixture(t, tt.file)
			head = head[:min(len(head), app.SniffLen)]
			got, ok := Sniff(head)
			if got != tt.want || ok != (tt.want != app.Format{}) {
				t.Fatalf("Sniff = %+v, %v; want %+v", got, ok, tt.want)
			}
		})
	}
}

func TestSniffBytes(t *testing.T) {
	ftyp := func(size uint32, brandList ...string) []byte {
		b := append(rawHeader(size, "ftyp"), brandList[0]...)
		b = append(b, 0, 0, 0, 0) // minor version
		for _, br := range brandList[1:] {
			b = append(b, br...)
		}
		return b
	}
	riff := func(fourCC, chunk string) []byte {
		return []byte("RIFF\x24\x00\x00\x00" + fourCC + chunk + "\x00\x00\x00\x00")
	}
	tests := []struct {
		name string
		head []byte
		want app.Format
	}{
		{"mp42 major", ftyp(16, "mp42"), mp4Format},
		{"dash major", ftyp(16, "dash"), mp4Format},
		{"M4V major", ftyp(16, "M4V "), mp4Format},
		{"iso6 major", ftyp(16, "iso6"), mp4Format},
		{"qt major", ftyp(20, "qt  ", "qt  "), movFormat},
		{"camera brand vouched by a compatible mp42", ftyp(24, "XAVC", "XAVC", "mp42"), mp4Format},
		{"compatible brand outside the ftyp size is not read", ftyp(20, "XAVC", "XAVC", "mp42"), app.Format{}},
		{"unknown brands only", ftyp(24, "abcd", "abcd", "efgh"), app.Format{}},
		{"3gp with isom compatible", ftyp(24, "3gp4", "3gp4", "isom"), app.Format{}},
		{"M4A audio", ftyp(24, "M4A ", "M4A ", "mp42"), app.Format{}},
		{"ftyp too small", ftyp(12, "isom"), app.Format{}},
		{"ftyp size 0", ftyp(0, "isom"), app.Format{}},
		{"ftyp size 1", ftyp(1, "isom"), app.Format{}},
		{"ftyp size not a multiple of 4", ftyp(18, "isom"), app.Format{}},
		{"ftyp head cut short", ftyp(16, "isom")[:11], app.Format{}},
		{"ftyp not at offset 4", append([]byte{0}, ftyp(16, "isom")...), app.Format{}},
		{"moov first, no ftyp", bx("moov", mvhdV0(1000, 1000)), app.Format{}},
		{"jpeg magic alone", []byte{0xFF, 0xD8, 0xFF}, jpegFormat},
		{"jpeg missing third byte", []byte{0xFF, 0xD8, 0x00, 0xE0}, app.Format{}},
		{"png signature cut", []byte("\x89PNG\r\n\x1a"), app.Format{}},
		{"webp lossy", riff("WEBP", "VP8 "), webpFormat},
		{"webp lossless", riff("WEBP", "VP8L"), webpFormat},
		{"webp extended", riff("WEBP", "VP8X"), webpFormat},
		{"webp with a strange chunk", riff("WEBP", "ABCD"), app.Format{}},
		{"wav is RIFF too", riff("WAVE", "fmt "), app.Format{}},
		{"avi is RIFF too", riff("AVI ", "LIST"), app.Format{}},
		{"gif", []byte("GIF89a\x10\x00\x10\x00"), app.Format{}},
		{"html", []byte("<!DOCTYPE html><html>"), app.Format{}},
		{"nil", nil, app.Format{}},
		{"zeros", make([]byte, app.SniffLen), app.Format{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Sniff(tt.head)
			if got != tt.want || ok != (tt.want != app.Format{}) {
				t.Fatalf("Sniff(% x) = %+v, %v; want %+v", tt.head, got, ok, tt.want)
			}
		})
	}
}

func TestSniffReadsNoFurtherThanSniffLen(t *testing.T) {
	// A brand just past app.SniffLen must not count: callers pass app.SniffLen
	// bytes, so a result that depended on more would differ by caller.
	head := append(rawHeader(128, "ftyp"), "XAVC\x00\x00\x00\x00"...)
	head = append(head, bytes.Repeat([]byte("abcd"), (app.SniffLen-16)/4)...)
	head = append(head, "mp42"...)
	if f, ok := Sniff(head[:app.SniffLen]); ok {
		t.Fatalf("Sniff = %+v, want refused", f)
	}
	if f, ok := Sniff(head); !ok || f != mp4Format {
		t.Fatalf("with the whole box Sniff = %+v, %v; want MP4", f, ok)
	}
}

func FuzzSniff(f *testing.F) {
	for _, s := range [][]byte{ftypBox(), []byte("\x89PNG\r\n\x1a\n"), []byte("RIFF\x00\x00\x00\x00WEBPVP8 ")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		got, ok := Sniff(head)
		if ok != (got.Kind == app.FormatVideo || got.Kind == app.FormatImage) || ok != (got.MIME != "") {
			t.Fatalf("Sniff = %+v, %v: inconsistent", got, ok)
		}
	})
}

func TestSniffCoversTheFormatTable(t *testing.T) {
	// Each accepted format has a fixture that Sniff reads as exactly the
	// table's entry, so a format added to the table without a way to
	// recognise it, or one Sniff names differently, fails here.
	samples := map[string]string{
		"video/mp4": "moov-first.mp4", "video/quicktime": "quicktime.mov",
		"image/jpeg": "image.jpg", "image/png": "image.png", "image/webp": "image.webp",
	}
	for _, want := range app.Formats() {
		t.Run(want.MIME, func(t *testing.T) {
			t.Parallel()
			file, ok := samples[want.MIME]
			if !ok {
				t.Fatalf("no sample of %s: add a fixture and a sniffer", want.MIME)
			}
			head := fixture(t, file)
			if got, ok := (Probe{}).Sniff(head[:min(len(head), app.SniffLen)]); !ok || got != want {
				t.Fatalf("Sniff(%s) = %+v, %v; want %+v", file, got, ok, want)
			}
		})
	}
}

func TestProbeDuration(t *testing.T) {
	data := fixture(t, "moov-first.mp4")
	if got, err := (Probe{}).Duration(bytes.NewReader(data), int64(len(data))); err != nil || got != 2 {
		t.Fatalf("Duration = %v, %v; want 2", got, err)
	}
}
