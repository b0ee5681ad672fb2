package v1_test

import (
	"bytes"
	"strings"
	"testing"
)

// A file part that is malformed itself (the body ends before its closing
// boundary, or its transfer encoding does not decode) is the client's
// mistake: 400 on every upload route, and nothing stays stored.
func TestMultipartMalformedFilePart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	vid := c.newVideo(t, "Clip", false)
	before := e.mediaFiles()
	mp4, png := fixture(t, "moov-first.mp4"), fixture(t, "image.png")
	const boundary = "B0undary"
	// cutOff is a form whose last part, a file, never reaches its boundary.
	cutOff := func(prefix, field, name string, data []byte) []byte {
		var b bytes.Buffer
		b.WriteString(prefix)
		b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name + "\"\r\n\r\n")
		b.Write(data)
		return b.Bytes()
	}
	// quoted is a form whose file part claims quoted-printable but holds
	// raw binary, which that encoding cannot carry.
	quoted := func(prefix, field, name string, data []byte) []byte {
		var b bytes.Buffer
		b.WriteString(prefix)
		b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name + "\"\r\n" +
			"Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		b.Write(data)
		b.WriteString("\r\n--" + boundary + "--\r\n")
		return b.Bytes()
	}
	title := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n"
	routes := []struct {
		method, path, prefix, field, name string
		data                              []byte
	}{
		{"POST", "/api/v1/video", title, "video", "v.mp4", mp4},
		{"PATCH", "/api/v1/video/thumbnail/" + vid, "", "thumbnail", "t.png", png},
		{"PATCH", "/api/v1/user/profileimage", "", "profileImage", "a.png", png},
	}
	for _, rt := range routes {
		for kind, body := range map[string][]byte{
			"cut off":          cutOff(rt.prefix, rt.field, rt.name, rt.data),
			"quoted-printable": quoted(rt.prefix, rt.field, rt.name, rt.data),
		} {
			r := c.send(rt.method, rt.path, bytes.NewReader(body), "multipart/form-data; boundary="+boundary)
			if r.Status != 400 || r.message() != "Malformed multipart body" {
				t.Errorf("%s %s, %s file part: %d %s", rt.method, rt.path, kind, r.Status, r.Raw)
			}
		}
	}
	if after := e.mediaFiles(); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Fatalf("files before %v, after %v", before, after)
	}
}
