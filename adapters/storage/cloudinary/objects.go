package cloudinary

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
	"github.com/stagecast/stagecast/app"
)

// Delete calls POST <api>/<resource_type>/destroy with the key's public id
// and invalidate=true (so the CDN forgets it too), signed. Cloudinary
// answers {"result":"ok"} or {"result":"not found"}; both are success.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := storage.CheckKey(key); err != nil {
		return fmt.Errorf("cloudinary: delete: %w", err)
	}
	a := assetOf(key)
	form := url.Values{}
	for k, v := range s.signed(map[string]string{"public_id": a.publicID, "invalidate": "true"}, s.now()) {
		form.Set(k, v)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.api+"/"+a.resourceType+"/destroy", strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("cloudinary: delete: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("cloudinary: delete: %w", httpx.TransportError(err))
	}
	defer httpx.Drain(resp)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("cloudinary: delete: %w", apiError(resp, a))
	}
	var body struct {
		Result string `json:"result"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body); err != nil {
		return fmt.Errorf("cloudinary: delete: decoding the answer: %w", err)
	}
	if body.Result != "ok" && body.Result != "not found" {
		return fmt.Errorf("cloudinary: delete: result %q", httpx.Clean(body.Result))
	}
	return nil
}

// Stat sends HEAD to the delivery URL. The Admin API would tell more, but
// it is rate limited and meant for administration; the delivery URL needs
// no credentials and answers the size and type of the original. A fresh
// upload is visible at once, unless the URL was requested (and a 404
// cached by the CDN) before the upload, which the core never does.
func (s *Store) Stat(ctx context.Context, key string) (app.ObjectInfo, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.ObjectInfo{}, fmt.Errorf("cloudinary: stat: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, s.URL(key), nil)
	if err != nil {
		return app.ObjectInfo{}, fmt.Errorf("cloudinary: stat: %w", err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return app.ObjectInfo{}, fmt.Errorf("cloudinary: stat: %w", httpx.TransportError(err))
	}
	httpx.Drain(resp)
	switch resp.StatusCode {
	case http.StatusOK:
		if resp.ContentLength < 0 {
			return app.ObjectInfo{}, errors.New("cloudinary: stat: answer without Content-Length")
		}
		return app.ObjectInfo{Size: resp.ContentLength, ContentType: resp.Header.Get("Content-Type")}, nil
	case http.StatusNotFound:
		return app.ObjectInfo{}, fmt.Errorf("cloudinary: stat: %w", app.ErrObjectNotFound)
	default:
		return app.ObjectInfo{}, fmt.Errorf("cloudinary: stat: %w", &APIError{Status: resp.StatusCode})
	}
}

// ReadRange sends a GET with a Range header to the delivery URL. A server
// that ignores the range answers 200 with the whole object, of which
// ReadRange skips to offset and reads no more than length.
func (s *Store) ReadRange(ctx context.Context, key string, offset, length int64) ([]byte, error) {
	if err := storage.CheckKey(key); err != nil {
		return nil, fmt.Errorf("cloudinary: read: %w", err)
	}
	if offset < 0 || length < 0 {
		return nil, errors.New("cloudinary: read: negative offset or length")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL(key), nil)
	if err != nil {
		return nil, fmt.Errorf("cloudinary: read: %w", err)
	}
	// A zero length still asks for a byte, so that a missing object is
	// reported as such.
	last := offset + max(length, 1) - 1
	req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-"+strconv.FormatInt(last, 10))
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cloudinary: read: %w", httpx.TransportError(err))
	}
	defer httpx.Drain(resp)
	switch resp.StatusCode {
	case http.StatusPartialContent:
	case http.StatusOK:
		if _, err := io.CopyN(io.Discard, resp.Body, offset); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("cloudinary: read: %w", err)
		}
	case http.StatusRequestedRangeNotSatisfiable:
		return []byte{}, nil // offset at or past the end
	case http.StatusNotFound:
		return nil, fmt.Errorf("cloudinary: read: %w", app.ErrObjectNotFound)
	default:
		return nil, fmt.Errorf("cloudinary: read: %w", &APIError{Status: resp.StatusCode})
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, length))
	if err != nil {
		return nil, fmt.Errorf("cloudinary: read: %w", err)
	}
	return b, nil
}

// Ping calls the Admin API's GET <api>/ping with the key and secret as
// basic auth, which checks the cloud name and the credentials. A success
// is remembered for PingInterval, as the Admin API allows a few hundred
// calls an hour; a failure is not.
func (s *Store) Ping(ctx context.Context) error {
	s.pingMu.Lock()
	fresh := !s.pingOK.IsZero() && s.now().Sub(s.pingOK) < s.pingEvery
	s.pingMu.Unlock()
	if fresh {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.api+"/ping", nil)
	if err != nil {
		return fmt.Errorf("cloudinary: ping: %w", err)
	}
	req.SetBasicAuth(s.apiKey, s.secret)
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("cloudinary: ping: %w", httpx.TransportError(err))
	}
	defer httpx.Drain(resp)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("cloudinary: ping: %w", apiError(resp, asset{}))
	}
	s.pingMu.Lock()
	s.pingOK = s.now()
	s.pingMu.Unlock()
	return nil
}
