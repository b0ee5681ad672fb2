package app

import (
	"context"
	"errors"
	"io"
	"time"
)

// MediaStore keeps media objects (videos, thumbnails, avatars) outside the
// database. Keys are made by the core; a client never chooses one.
type MediaStore interface {
	// Put stores the bytes of r under key and returns the object. It reads r
	// to its end; when r fails (for instance because a size limit was hit)
	// Put fails with that error and leaves no object behind. size is the
	// length when known, or -1.
	Put(ctx context.Context, key, contentType string, r io.Reader, size int64) (Object, error)
	// Delete removes the object; deleting a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// Stat returns the object's size and type, or ErrObjectNotFound.
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// ReadRange reads length bytes at offset (fewer at the end of the
	// object), or ErrObjectNotFound. It lets the core check the format and
	// read the duration of an object uploaded straight to storage.
	ReadRange(ctx context.Context, key string, offset, length int64) ([]byte, error)
	// SignUpload returns a target a client can upload one object to
	// directly, valid until expires. contentType and size are what the
	// client announced; the core still checks the object afterwards.
	SignUpload(ctx context.Context, key, contentType string, size int64, expires time.Time) (UploadTarget, error)
	// URL returns the public URL of a key.
	URL(key string) string
	// Ping checks that the storage answers, for /health.
	Ping(ctx context.Context) error
}

// Object is a stored object.
type Object struct {
	Key  string
	URL  string
	Size int64
	// Duration is the length in seconds when the storage measured it
	// (Cloudinary does for videos); 0 otherwise.
	Duration float64
}

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Size        int64
	ContentType string
}

// UploadTarget tells a client how to upload one object directly.
type UploadTarget struct {
	URL     string
	Method  string            // PUT or POST
	Headers map[string]string // to send with the request
	Fields  map[string]string // form fields, for a POST target
	// FileField names the form field of the file, for a POST target.
	FileField string
	ExpiresAt time.Time
}

// ErrObjectNotFound is returned for a key that holds no object.
var ErrObjectNotFound = errors.New("media object not found")
