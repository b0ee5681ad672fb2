package uploads

import (
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
)

// keyRandomBytes is the randomness of a media key. A key is the only thing
// that guards an object in storage (media URLs are public capabilities), so
// it carries 128 bits from the random source and nothing guessable from
// ids, times or counters.
const keyRandomBytes = 16

// keyPrefix is the storage folder of a kind; the owner's id follows it, to
// keep each account's objects together, not to protect them.
func (k MediaKind) keyPrefix() string {
	switch k {
	case KindVideo:
		return "videos/"
	case KindThumbnail:
		return "thumbnails/"
	}
	return "avatars/"
}

// newKey makes the storage key of a new object of the owner:
// <prefix><owner id>/<32 random hex digits><extension>.
func (s *Service) newKey(k MediaKind, owner id.ID, ext string) (string, error) {
	var b [keyRandomBytes]byte
	if _, err := io.ReadFull(s.random, b[:]); err != nil {
		return "", fmt.Errorf("draw media key: %w", err)
	}
	return k.keyPrefix() + owner.String() + "/" + hex.EncodeToString(b[:]) + ext, nil
}

// ownKey reports whether key has the exact form of a key made for the
// caller and kind: <prefix><user id>/<name><extension>, the name being 32
// lowercase hex digits, or 24 for keys made before keys were random (their
// grants may still be pending).
func (s *Service) ownKey(p app.Principal, k MediaKind, key string) bool {
	rest, ok := strings.CutPrefix(key, k.keyPrefix()+p.UserID.String()+"/")
	if !ok {
		return false
	}
	name, ext, ok := strings.Cut(rest, ".")
	if !ok || (len(name) != 2*keyRandomBytes && len(name) != 24) || strings.ToLower(name) != name {
		return false
	}
	if _, err := hex.DecodeString(name); err != nil {
		return false
	}
	format, known := app.FormatByExt("." + ext)
	return known && format.IsVideo() == k.wantVideo()
}
