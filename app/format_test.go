package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
)

func TestFormatTable(t *testing.T) {
	t.Parallel()
	formats := app.Formats()
	var kinds []string
	mimes, exts := map[string]bool{}, map[string]bool{}
	for _, f := range formats {
		kinds = append(kinds, f.Kind.String())
		// Keys are lowercase (storage refuses others) and their extension
		// is all FormatByExt sees, so a table entry must be found by it.
		if !strings.HasPrefix(f.Ext, ".") || strings.ToLower(f.Ext) != f.Ext || strings.ToLower(f.MIME) != f.MIME {
			t.Errorf("%+v: the extension needs its dot, and both must be lowercase", f)
		}
		if mimes[f.MIME] || exts[f.Ext] {
			t.Errorf("%+v: a type or an extension names two formats", f)
		}
		mimes[f.MIME], exts[f.Ext] = true, true
		if got, ok := app.FormatByMIME(f.MIME); !ok || got != f {
			t.Errorf("FormatByMIME(%q) = %+v, %v", f.MIME, got, ok)
		}
		if got, ok := app.FormatByExt(f.Ext); !ok || got != f {
			t.Errorf("FormatByExt(%q) = %+v, %v", f.Ext, got, ok)
		}
	}
	if got := strings.Join(kinds, " "); got != "video video image image image" {
		t.Fatalf("kinds = %s, want MP4 and QuickTime, then JPEG, PNG and WebP", got)
	}
	formats[0].MIME = "text/html"
	if again := app.Formats(); again[0].MIME != "video/mp4" {
		t.Fatal("Formats hands out the table itself: a caller changed it")
	}
}

func TestFormatLookups(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mime string
		want string // the extension found, "" for none
	}{
		{"video/mp4", ".mp4"},
		{"Video/QuickTime", ".mov"}, // media types are case-insensitive
		{"IMAGE/WEBP", ".webp"},
		{"image/gif", ""},
		{"video/mp4; codecs=avc1", ""}, // parameters are the caller's to strip
		{" image/png", ""},
		{"video/", ""},
		{"", ""},
	} {
		f, ok := app.FormatByMIME(tc.mime)
		if ok != (tc.want != "") || f.Ext != tc.want {
			t.Errorf("FormatByMIME(%q) = %+v, %v; want %q", tc.mime, f, ok, tc.want)
		}
	}
	for _, tc := range []struct {
		ext  string
		want string // the type found, "" for none
	}{
		{".png", "image/png"},
		{".jpg", "image/jpeg"},
		{"mp4", ""}, // the dot belongs to the extension
		{".MP4", ""},
		{".jpeg", ""}, // only the extensions the core gives keys
		{".m4v", ""},
		{".gif", ""},
		{".", ""},
		{"", ""},
	} {
		f, ok := app.FormatByExt(tc.ext)
		if ok != (tc.want != "") || f.MIME != tc.want {
			t.Errorf("FormatByExt(%q) = %+v, %v; want %q", tc.ext, f, ok, tc.want)
		}
	}
}

func TestFormatKinds(t *testing.T) {
	t.Parallel()
	for _, f := range app.Formats() {
		video := strings.HasPrefix(f.MIME, "video/")
		if f.IsVideo() != video || f.IsImage() == video || (f.Kind.String() == "video") != video {
			t.Errorf("%+v: IsVideo %v, IsImage %v, kind %s", f, f.IsVideo(), f.IsImage(), f.Kind)
		}
	}
	var zero app.Format
	if zero.IsVideo() || zero.IsImage() || zero.Kind.String() != "unknown" {
		t.Error("the zero Format is neither video nor image")
	}
}

func TestSignUploadAcceptsTheFormatTable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	for _, format := range app.Formats() {
		kind, other := "thumbnail", "video"
		if format.IsVideo() {
			kind, other = "video", "avatar"
		}
		// Announced types are read case-insensitively, around spaces.
		in := uploads.SignUploadInput{Kind: kind, ContentType: " " + strings.ToUpper(format.MIME) + " ", Size: 10}
		g, err := f.uploads.SignUpload(ctx, p, in)
		if err != nil || !strings.HasSuffix(g.Key, format.Ext) || g.Target.Headers["Content-Type"] != format.MIME {
			t.Errorf("%s as %s: %+v, %v", format.MIME, kind, g, err)
		}
		in.Kind = other
		if _, err := f.uploads.SignUpload(ctx, p, in); !errors.Is(err, uploads.ErrUploadType) {
			t.Errorf("%s as %s: %v, want ErrUploadType", format.MIME, other, err)
		}
	}
}
