package mail_test

import (
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"strings"
	"testing"
)

// mimeBodies walks a MIME entity and returns each leaf body by content type,
// decoded; multipart types found on the way map to "yes".
func mimeBodies(t *testing.T, contentType, encoding string, body io.Reader) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(ct, enc string, r io.Reader)
	walk = func(ct, enc string, r io.Reader) {
		mediaType, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatalf("content type %q: %v", ct, err)
		}
		if strings.HasPrefix(mediaType, "multipart/") {
			out[mediaType] = "yes"
			mr := multipart.NewReader(r, params["boundary"])
			for {
				p, err := mr.NextRawPart() // raw: decode transfer encodings ourselves
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatalf("next part: %v", err)
				}
				walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			}
		}
		switch strings.ToLower(enc) {
		case "quoted-printable":
			r = quotedprintable.NewReader(r)
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, r)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("read %s body: %v", mediaType, err)
		}
		out[mediaType] = string(data)
	}
	walk(contentType, encoding, body)
	return out
}
