package memory

import (
	"bytes"
	"context"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/stagecast/stagecast/app"
)

// Media is an in-memory app.MediaStore for unit tests of the core. It keeps
// whole objects in memory, so it is no place for large files; it cannot
// receive direct uploads (SignUpload returns a target nobody serves), but
// tests can place objects with PutDirect as a client would.
type Media struct {
	base    string
	mu      sync.Mutex
	objects map[string]mediaObject
	// FailDelete makes Delete fail, to test retries.
	failDelete bool
}

type mediaObject struct {
	data        []byte
	contentType string
}

var _ app.MediaStore = (*Media)(nil)

// NewMedia returns an empty store whose URLs start with base.
func NewMedia(base string) *Media {
	return &Media{base: base, objects: map[string]mediaObject{}}
}

// Put stores all of r, or nothing when r fails.
func (m *Media) Put(ctx context.Context, key, contentType string, r io.Reader, _ int64) (app.Object, error) {
	if err := ctx.Err(); err != nil {
		return app.Object{}, err
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return app.Object{}, err
	}
	m.PutDirect(key, contentType, buf.Bytes())
	return app.Object{Key: key, URL: m.URL(key), Size: int64(buf.Len())}, nil
}

// PutDirect places an object as a client's direct upload would.
func (m *Media) PutDirect(key, contentType string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[key] = mediaObject{data: append([]byte(nil), data...), contentType: contentType}
}

// Delete removes an object; a missing one is fine.
func (m *Media) Delete(ctx context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failDelete {
		return io.ErrUnexpectedEOF
	}
	delete(m.objects, key)
	return nil
}

// SetFailDelete makes every Delete fail (or succeed again).
func (m *Media) SetFailDelete(fail bool) {
	m.mu.Lock()
	m.failDelete = fail
	m.mu.Unlock()
}

// Stat returns an object's size and type.
func (m *Media) Stat(_ context.Context, key string) (app.ObjectInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objects[key]
	if !ok {
		return app.ObjectInfo{}, app.ErrObjectNotFound
	}
	return app.ObjectInfo{Size: int64(len(o.data)), ContentType: o.contentType}, nil
}

// ReadRange reads part of an object.
func (m *Media) ReadRange(_ context.Context, key string, off, n int64) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objects[key]
	if !ok {
		return nil, app.ErrObjectNotFound
	}
	if off >= int64(len(o.data)) {
		return nil, nil
	}
	end := min(off+n, int64(len(o.data)))
	return append([]byte(nil), o.data[off:end]...), nil
}

// SignUpload returns a target under base; nothing serves it.
func (m *Media) SignUpload(_ context.Context, key, contentType string, _ int64, expires time.Time) (app.UploadTarget, error) {
	return app.UploadTarget{URL: m.base + "/uploads/" + key, Method: "PUT",
		Headers: map[string]string{"Content-Type": contentType}, ExpiresAt: expires}, nil
}

// URL returns the public URL of a key.
func (m *Media) URL(key string) string { return m.base + "/media/" + key }

// Ping always succeeds.
func (m *Media) Ping(context.Context) error { return nil }

// Keys returns the stored keys.
func (m *Media) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(maps.Keys(m.objects))
}
