package supabase

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
	"github.com/stagecast/stagecast/adapters/storage/internal/streamio"
	"github.com/stagecast/stagecast/app"
)

// objectCacheControl is sent with uploads and served by Supabase's CDN:
// keys are never reused for other bytes, so media may be kept a year.
const objectCacheControl = "max-age=31536000"

// Put streams r as the raw body of POST /object/<bucket>/<key>, with
// x-upsert so that a retry replaces the object. Nothing is buffered: with
// an unknown size the body goes chunked. When r fails, the request is
// aborted before its end, which Supabase never stores, and Put returns r's
// error.
func (s *Store) Put(ctx context.Context, key, contentType string, r io.Reader, size int64) (app.Object, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.Object{}, fmt.Errorf("supabase: put: %w", err)
	}
	if contentType == "" {
		contentType = storage.ContentType(key)
	}
	src := streamio.NewReader(ctx, r, size)
	req, err := s.request(ctx, http.MethodPost, "/object/"+s.bucket+"/"+key, src)
	if err != nil {
		return app.Object{}, fmt.Errorf("supabase: put: %w", err)
	}
	req.ContentLength = -1
	if size > 0 {
		req.ContentLength = size
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("x-upsert", "true")
	req.Header.Set("Cache-Control", objectCacheControl)
	resp, err := s.client.Do(req)
	var apiErr *APIError
	if err == nil {
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
			apiErr = apiError(resp, key)
		}
		// Closing the answer also ends the sending of a body the server
		// did not wait for, after which the transport releases it.
		httpx.Drain(resp)
	}
	if !src.Wait(ctx) {
		return app.Object{}, fmt.Errorf("supabase: put: %w", ctx.Err())
	}
	switch {
	case src.Err() != nil:
		// The caller's error (a size limit, say) wins over whatever the
		// transport or the server made of the broken body.
		return app.Object{}, fmt.Errorf("supabase: put: %w", src.Err())
	case err != nil:
		return app.Object{}, fmt.Errorf("supabase: put: %w", httpx.TransportError(err))
	case apiErr != nil:
		return app.Object{}, fmt.Errorf("supabase: put: %w", apiErr)
	}
	return app.Object{Key: key, URL: s.URL(key), Size: src.N()}, nil
}

// Delete calls DELETE /object/<bucket> with {"prefixes":[key]}, which
// answers 200 whether or not the object existed. Any other answer is an
// error, 404 included: there it means the bucket is missing, and a
// misconfigured bucket must not make deletions silently succeed.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := storage.CheckKey(key); err != nil {
		return fmt.Errorf("supabase: delete: %w", err)
	}
	// The key is a clean path, so it needs no JSON escaping.
	req, err := s.request(ctx, http.MethodDelete, "/object/"+s.bucket, strings.NewReader(`{"prefixes":["`+key+`"]}`))
	if err != nil {
		return fmt.Errorf("supabase: delete: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("supabase: delete: %w", httpx.TransportError(err))
	}
	defer httpx.Drain(resp)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("supabase: delete: %w", apiError(resp, key))
	}
	return nil
}

// Stat sends an authenticated HEAD /object/<bucket>/<key>. Deployments
// that answer 400 for a missing object cannot say why in a HEAD, which has
// no body; Stat then asks again with a one-byte GET, whose error body
// carries the real status.
func (s *Store) Stat(ctx context.Context, key string) (app.ObjectInfo, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.ObjectInfo{}, fmt.Errorf("supabase: stat: %w", err)
	}
	req, err := s.request(ctx, http.MethodHead, "/object/"+s.bucket+"/"+key, nil)
	if err != nil {
		return app.ObjectInfo{}, fmt.Errorf("supabase: stat: %w", err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return app.ObjectInfo{}, fmt.Errorf("supabase: stat: %w", httpx.TransportError(err))
	}
	httpx.Drain(resp)
	switch {
	case resp.StatusCode == http.StatusOK:
		if resp.ContentLength < 0 {
			return app.ObjectInfo{}, errors.New("supabase: stat: answer without Content-Length")
		}
		return app.ObjectInfo{Size: resp.ContentLength, ContentType: resp.Header.Get("Content-Type")}, nil
	case resp.StatusCode == http.StatusNotFound:
		return app.ObjectInfo{}, fmt.Errorf("supabase: stat: %w", &APIError{Status: resp.StatusCode})
	case resp.StatusCode == http.StatusBadRequest:
		if _, err := s.ReadRange(ctx, key, 0, 1); err != nil {
			return app.ObjectInfo{}, fmt.Errorf("supabase: stat: %w", err)
		}
	}
	return app.ObjectInfo{}, fmt.Errorf("supabase: stat: %w", &APIError{Status: resp.StatusCode})
}

// ReadRange sends an authenticated GET /object/authenticated/<bucket>/<key>
// with a Range header. A server that ignores the range answers 200 with
// the whole object, of which ReadRange skips to offset and reads no more
// than length.
func (s *Store) ReadRange(ctx context.Context, key string, offset, length int64) ([]byte, error) {
	if err := storage.CheckKey(key); err != nil {
		return nil, fmt.Errorf("supabase: read: %w", err)
	}
	if offset < 0 || length < 0 {
		return nil, errors.New("supabase: read: negative offset or length")
	}
	req, err := s.request(ctx, http.MethodGet, "/object/authenticated/"+s.bucket+"/"+key, nil)
	if err != nil {
		return nil, fmt.Errorf("supabase: read: %w", err)
	}
	// A zero length still asks for a byte, so that a missing object is
	// reported as such.
	last := offset + max(length, 1) - 1
	req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-"+strconv.FormatInt(last, 10))
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("supabase: read: %w", httpx.TransportError(err))
	}
	defer httpx.Drain(resp)
	var body io.Reader = resp.Body
	switch resp.StatusCode {
	case http.StatusPartialContent:
	case http.StatusOK:
		if _, err := io.CopyN(io.Discard, resp.Body, offset); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("supabase: read: %w", err)
		}
	case http.StatusRequestedRangeNotSatisfiable:
		return []byte{}, nil // offset at or past the end
	default:
		return nil, fmt.Errorf("supabase: read: %w", apiError(resp, key))
	}
	b, err := io.ReadAll(io.LimitReader(body, length))
	if err != nil {
		return nil, fmt.Errorf("supabase: read: %w", err)
	}
	return b, nil
}
