package storage

import (
	"errors"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/app"
)

func TestCheckKey(t *testing.T) {
	good := []string{
		"videos/64b7f0c2a1b2c3d4e5f60718/64b7f0c2a1b2c3d4e5f60719.mp4",
		"thumbnails/u1/x.jpg",
		"avatars/u_1/a-b.c.png",
		"x",
	}
	for _, k := range good {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q) = %v, want nil", k, err)
		}
	}
	bad := []string{
		"", "/videos/a.mp4", "../a.mp4", "videos/../a.mp4", "videos/./a.mp4", "videos/..",
		`videos\a.mp4`, "Videos/a.mp4", "videos/A.mp4", "videos//a.mp4", "videos/a.mp4/",
		"videos/.hidden", "videos/a b.mp4", "videos/é.mp4", "videos/a\x00.mp4",
		"videos/%2e%2e/a.mp4", "videos/a.mp4?x=1", "videos/a.mp4#f", ".", "..",
		strings.Repeat("a", MaxKeyLen+1),
	}
	for _, k := range bad {
		err := CheckKey(k)
		if !errors.Is(err, ErrInvalidKey) {
			t.Errorf("CheckKey(%q) = %v, want ErrInvalidKey", k, err)
			continue
		}
		if k != "" && strings.Contains(err.Error(), k) {
			t.Errorf("error for %q quotes the key", k)
		}
	}
}

func TestContentTypeAndExt(t *testing.T) {
	cases := map[string]string{
		"videos/u/a.mp4":      "video/mp4",
		"videos/u/a.mov":      "video/quicktime",
		"thumbnails/u/a.jpg":  "image/jpeg",
		"avatars/u/a.png":     "image/png",
		"avatars/u/a.webp":    "image/webp",
		"avatars/u/a.gif":     "application/octet-stream",
		"avatars/u.d/noext":   "application/octet-stream",
		"avatars/u/arch.tar.": "application/octet-stream",
	}
	for k, want := range cases {
		if got := ContentType(k); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", k, got, want)
		}
	}
	if got := Ext("avatars/u.d/noext"); got != "" {
		t.Errorf("Ext of a dotted folder = %q, want empty", got)
	}
	if got := Ext("videos/u/a.mp4"); got != "mp4" {
		t.Errorf("Ext = %q", got)
	}
}

func TestContentTypeFollowsTheFormatTable(t *testing.T) {
	t.Parallel()
	for _, f := range app.Formats() {
		if got := ContentType("videos/u/a" + f.Ext); got != f.MIME {
			t.Errorf("ContentType of a %s key = %q, want %q", f.Ext, got, f.MIME)
		}
	}
	// Keys are made by the core, with the extensions of the table only:
	// other names of the same formats are served as bytes.
	for _, k := range []string{"thumbnails/u/a.jpeg", "videos/u/a.m4v", "videos/u/a.MP4"} {
		if got := ContentType(k); got != "application/octet-stream" {
			t.Errorf("ContentType(%q) = %q, want application/octet-stream", k, got)
		}
	}
}
