package storagetest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"

	"github.com/stagecast/stagecast/app"
)

// Upload does what a client does with a direct-upload target: a PUT of the
// raw body with the target's headers, or a multipart POST of the target's
// fields followed by the file in FileField. It returns the answer's status
// and body.
func Upload(ctx context.Context, c *http.Client, target app.UploadTarget, contentType string, body []byte) (int, []byte, error) {
	var req *http.Request
	var err error
	switch target.Method {
	case http.MethodPut:
		req, err = http.NewRequestWithContext(ctx, http.MethodPut, target.URL, bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", contentType)
	case http.MethodPost:
		form, ctype, ferr := multipartForm(target, contentType, body)
		if ferr != nil {
			return 0, nil, ferr
		}
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, target.URL, form)
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", ctype)
	default:
		return 0, nil, fmt.Errorf("storagetest: upload: unexpected method %q", target.Method)
	}
	for k, v := range target.Headers {
		if target.Method == http.MethodPost && strings.EqualFold(k, "Content-Type") {
			continue // the multipart boundary wins
		}
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

func multipartForm(target app.UploadTarget, contentType string, body []byte) (*bytes.Buffer, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	names := make([]string, 0, len(target.Fields))
	for k := range target.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if err := mw.WriteField(k, target.Fields[k]); err != nil {
			return nil, "", err
		}
	}
	field := target.FileField
	if field == "" {
		field = "file"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename="upload"`, field))
	h.Set("Content-Type", contentType)
	part, err := mw.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(body); err != nil {
		return nil, "", err
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return &buf, mw.FormDataContentType(), nil
}

// TamperSignature returns a copy of target whose signature no longer
// matches: the "signature" form field when there is one, else the last
// dot-separated part of the "token" query parameter or, without one, of
// the last path segment. It changes a character in the middle, as the
// last character of unpadded base64 may only carry ignored bits.
func TamperSignature(target app.UploadTarget) app.UploadTarget {
	out := target
	out.Fields = maps(target.Fields)
	out.Headers = maps(target.Headers)
	if sig, ok := out.Fields["signature"]; ok {
		out.Fields["signature"] = flipMiddle(sig)
		return out
	}
	u, err := url.Parse(target.URL)
	if err != nil {
		return out
	}
	if tok := u.Query().Get("token"); tok != "" {
		q := u.Query()
		q.Set("token", tamperToken(tok))
		u.RawQuery = q.Encode()
	} else {
		i := strings.LastIndexByte(u.Path, '/')
		u.Path = u.Path[:i+1] + tamperToken(u.Path[i+1:])
		u.RawPath = ""
	}
	out.URL = u.String()
	return out
}

func tamperToken(tok string) string {
	i := strings.LastIndexByte(tok, '.')
	return tok[:i+1] + flipMiddle(tok[i+1:])
}

func flipMiddle(s string) string {
	if s == "" {
		return "x"
	}
	b := []byte(s)
	i := len(b) / 2
	if b[i] == 'a' {
		b[i] = 'b'
	} else {
		b[i] = 'a'
	}
	return string(b)
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
