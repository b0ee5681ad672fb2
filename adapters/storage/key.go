package storage

import (
	"errors"
	"path"
	"strings"

	"github.com/stagecast/stagecast/app"
)

// ErrInvalidKey is returned for a key that is not a clean relative path of
// the characters [a-z0-9/._-]. Keys are made by the core, so this means a
// bug, or a key that came from a client without being checked.
var ErrInvalidKey = errors.New("storage: invalid object key")

// MaxKeyLen bounds a key; real keys are under 100 bytes, and every backend
// has a limit (Supabase and S3 1,024 bytes).
const MaxKeyLen = 512

// CheckKey returns ErrInvalidKey unless key is a clean relative path:
// non-empty segments separated by single slashes, made of [a-z0-9._-] only,
// none of them starting with a dot. The dot rule refuses "." and ".." and
// keeps hidden names (the local adapter's temporary files) out of reach.
//
// The error never quotes the key: keys carry user ids, and errors end up
// in logs.
func CheckKey(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return ErrInvalidKey
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '.' || c == '_' || c == '-') {
			return ErrInvalidKey
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg[0] == '.' {
			return ErrInvalidKey
		}
	}
	return nil
}

// Ext returns the extension of key's last segment without the dot ("mp4"),
// or "" when it has none.
func Ext(key string) string {
	if e := path.Ext(key); e != "" {
		return e[1:]
	}
	return ""
}

// ContentType returns the media type served for key, from its extension,
// as the core's format table gives it. Only the formats the core accepts,
// under the extensions it gives their keys, are named; anything else is
// application/octet-stream, which with nosniff a browser will not render.
func ContentType(key string) string {
	if f, ok := app.FormatByExt(path.Ext(key)); ok {
		return f.MIME
	}
	return "application/octet-stream"
}
