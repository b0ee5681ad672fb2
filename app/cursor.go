package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"strings"
	"sync"

	"github.com/stagecast/stagecast/domain/errs"
)

// ErrBadCursor answers a cursor that the server did not issue, or issued
// for another list.
var ErrBadCursor = errs.Define(errs.Invalid, "list.bad_cursor", "Invalid cursor").ForField("cursor")

// Cursor limits. A cursor is a position in a list; nothing real is near
// these sizes, and they bound the work spent on a forged one.
const (
	maxCursorLen = 1024
	cursorMACLen = 16 // 128 bits of HMAC-SHA256
)

// cursorContext separates cursor MACs from anything else the key might
// sign; bump the version to retire every cursor at once.
const cursorContext = "stagecast/list-cursor/v1\n"

// Cursors seals and opens list cursors with an HMAC key, so that the
// server only ever decodes positions it issued itself.
type Cursors struct {
	key []byte
	// macs holds HMACs keyed with key, ready for Reset: keying one
	// hashes the key's two pads, about as much work as a cursor's own
	// MAC, and every page with a next one seals a cursor.
	macs sync.Pool
}

// MinCursorKeyLen is the shortest key NewCursors accepts.
const MinCursorKeyLen = 32

// NewCursors returns a codec keyed by key.
func NewCursors(key []byte) (*Cursors, error) {
	if len(key) < MinCursorKeyLen {
		return nil, errors.New("app: cursor key must be at least 32 bytes")
	}
	return &Cursors{key: append([]byte(nil), key...)}, nil
}

// Seal encodes a position as "<payload>.<mac>", both base64url: the JSON
// of v and the first 128 bits of its HMAC. Clients see an opaque token they
// cannot alter without the server noticing.
func (c *Cursors) Seal(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		// Positions are plain structs of numbers and strings.
		panic("app: cursor does not encode: " + err.Error())
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return payload + "." + base64.RawURLEncoding.EncodeToString(c.mac(payload))
}

// Open checks a sealed cursor's MAC, in constant time and before anything
// in it is read, and decodes its payload into v. Every failure is
// ErrBadCursor.
func (c *Cursors) Open(token string, v any) error {
	if len(token) > maxCursorLen {
		return ErrBadCursor
	}
	payload, mac, ok := strings.Cut(token, ".")
	if !ok {
		return ErrBadCursor
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(mac)
	if err != nil || !hmac.Equal(got, c.mac(payload)) {
		return ErrBadCursor
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil || json.Unmarshal(raw, v) != nil {
		return ErrBadCursor
	}
	return nil
}

func (c *Cursors) mac(payload string) []byte {
	m, ok := c.macs.Get().(hash.Hash)
	if ok {
		m.Reset()
	} else {
		m = hmac.New(sha256.New, c.key)
	}
	_, _ = io.WriteString(m, cursorContext)
	_, _ = io.WriteString(m, payload)
	sum := m.Sum(make([]byte, 0, sha256.Size))[:cursorMACLen]
	c.macs.Put(m)
	return sum
}
