package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/stagecast/stagecast/domain/errs"
)

// ErrBadCursor answers a cursor that the server did not issue, or issued
// for another list.
var ErrBadCursor = errs.New(errs.Invalid, "Invalid cursor")

// Cursor limits. A cursor is a position in a list; nothing real is near
// these sizes, and they bound the work spent on a forged one.
const (
	maxCursorLen = 1024
	cursorMACLen = 16 // 128 bits of HMAC-SHA256
)

// cursorContext separates cursor MACs from anything else the key might
// sign; bump the version to retire every cursor at once.
const cursorContext = "stagecast/list-cursor/v1\n"

// sealCursor encodes a position as "<payload>.<mac>", both base64url: the
// JSON of v and the first 128 bits of its HMAC. Clients see an opaque
// token they cannot alter without the server noticing.
func (a *App) sealCursor(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		// Positions are plain structs of numbers and strings.
		panic("app: cursor does not encode: " + err.Error())
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return payload + "." + base64.RawURLEncoding.EncodeToString(a.cursorMAC(payload))
}

// openCursor checks a sealed cursor's MAC, in constant time and before
// anything in it is read, and decodes its payload into v. Every failure is
// ErrBadCursor.
func (a *App) openCursor(s string, v any) error {
	if len(s) > maxCursorLen {
		return ErrBadCursor
	}
	payload, mac, ok := strings.Cut(s, ".")
	if !ok {
		return ErrBadCursor
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(mac)
	if err != nil || !hmac.Equal(got, a.cursorMAC(payload)) {
		return ErrBadCursor
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil || json.Unmarshal(raw, v) != nil {
		return ErrBadCursor
	}
	return nil
}

func (a *App) cursorMAC(payload string) []byte {
	m := hmac.New(sha256.New, a.set.CursorKey)
	m.Write([]byte(cursorContext))
	m.Write([]byte(payload))
	return m.Sum(nil)[:cursorMACLen]
}
