package cloudinary

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
	"github.com/stagecast/stagecast/adapters/storage/internal/streamio"
	"github.com/stagecast/stagecast/app"
)

// uploadResult is the part of an upload answer the store reads. A chunk
// that is not the last answers {"done":false,...} instead.
type uploadResult struct {
	PublicID     string  `json:"public_id"`
	SecureURL    string  `json:"secure_url"`
	Bytes        int64   `json:"bytes"`
	Duration     float64 `json:"duration"`
	Format       string  `json:"format"`
	ResourceType string  `json:"resource_type"`
}

// uploadParams are the signed options of every upload of key: overwrite,
// and invalidate, so that the CDN drops a replaced version. The server's
// own uploads overwrite, so that a retry replaces; a client's direct upload
// does not, so that the object the core checked cannot be swapped.
func uploadParams(a asset, overwrite bool) map[string]string {
	return map[string]string{"public_id": a.publicID, "overwrite": strconv.FormatBool(overwrite), "invalidate": "true"}
}

// Put uploads r to POST <api>/<resource_type>/upload as a multipart form.
// Images, and videos whose announced size fits in one chunk, go in one
// request whose file part is streamed through a pipe. Other videos go in
// chunks (see putChunked). Nothing is buffered beyond one chunk. When r
// fails, the request is cut before the form's end (or the last chunk is
// never sent), which Cloudinary never stores, and Put returns r's error.
func (s *Store) Put(ctx context.Context, key, contentType string, r io.Reader, size int64) (app.Object, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.Object{}, fmt.Errorf("cloudinary: put: %w", err)
	}
	if contentType == "" {
		contentType = storage.ContentType(key)
	}
	a := assetOf(key)
	src := streamio.NewReader(ctx, r, size)
	var res *uploadResult
	var err error
	if a.resourceType == "image" || (size >= 0 && size <= int64(s.chunkSize)) {
		res, err = s.upload(ctx, a, path.Base(key), contentType, src, nil)
	} else {
		res, err = s.putChunked(ctx, a, path.Base(key), contentType, src, size)
	}
	if src.Err() != nil {
		// The caller's error (a size limit, say) wins over whatever the
		// transport or Cloudinary made of the broken form.
		return app.Object{}, fmt.Errorf("cloudinary: put: %w", src.Err())
	}
	if err != nil {
		return app.Object{}, fmt.Errorf("cloudinary: put: %w", err)
	}
	if res.PublicID != a.publicID || res.SecureURL == "" {
		return app.Object{}, errors.New("cloudinary: put: the answer names another asset or no URL")
	}
	return app.Object{Key: key, URL: res.SecureURL, Size: res.Bytes, Duration: res.Duration}, nil
}

// upload sends one upload request (a whole object, or one chunk when
// headers carry Content-Range) and reads its answer. The form is written
// by a goroutine into a pipe, so the file is never held in memory; upload
// returns only once that goroutine is done with file.
func (s *Store) upload(ctx context.Context, a asset, filename, contentType string, file io.Reader, headers map[string]string) (*uploadResult, error) {
	fields := s.signed(uploadParams(a, true), s.now())
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(writeForm(mw, fields, filename, contentType, file))
	}()
	// Whatever happens below, unblock the writer and wait for it: file
	// belongs to the caller once upload returns.
	defer func() {
		_ = pr.CloseWithError(errors.New("cloudinary: upload request ended"))
		<-done
	}()

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.api+"/"+a.resourceType+"/upload", pr)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, httpx.TransportError(err)
	}
	defer httpx.Drain(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, apiError(resp, a)
	}
	var res uploadResult
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&res); err != nil {
		return nil, fmt.Errorf("decoding the answer: %w", err)
	}
	return &res, nil
}

// writeForm writes the signed fields, in a stable order, then the file
// part, then the closing boundary, which is never written when file fails.
func writeForm(mw *multipart.Writer, fields map[string]string, filename, contentType string, file io.Reader) error {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if err := mw.WriteField(k, fields[k]); err != nil {
			return err
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+strings.NewReplacer(`"`, "", "\\", "").Replace(filename)+`"`)
	h.Set("Content-Type", contentType)
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, file); err != nil {
		return err
	}
	return mw.Close()
}
