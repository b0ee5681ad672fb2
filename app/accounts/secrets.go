package accounts

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// newCode draws a six-digit code, uniform over 100000..999999.
func (a *Service) newCode() (string, error) {
	n, err := rand.Int(a.random, big.NewInt(900000))
	if err != nil {
		return "", fmt.Errorf("draw code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()+100000), nil
}

// hashCode binds a code to its user and purpose, so that a code leaked for
// one account or purpose is worthless for another.
func (a *Service) hashCode(uid id.ID, p user.Purpose, digits string) string {
	m := hmac.New(sha256.New, a.set.CodeKey)
	io.WriteString(m, string(uid)+"\x00"+string(p)+"\x00"+digits)
	return hex.EncodeToString(m.Sum(nil))
}

// codeMatches compares in constant time.
func (a *Service) codeMatches(c user.Code, digits string) bool {
	return hmac.Equal([]byte(c.Hash), []byte(a.hashCode(c.UserID, c.Purpose, digits)))
}

// refreshSecret is one refresh token of a session: the token handed to the
// client and the hash of its secret part that is stored.
type refreshSecret struct {
	token string
	hash  string
}

// refreshSecretLen is the length of the secret part of a refresh token: 32
// bytes, base64url without padding.
var refreshSecretLen = base64.RawURLEncoding.EncodedLen(32)

// newRefresh draws the first refresh token of a session,
// "<sessionID>.<32 random bytes>". The session id lets a replayed,
// rotated-out token be traced to its session so that the session can be
// revoked; the secret part is what proves possession.
func (a *Service) newRefresh(sid id.ID) (refreshSecret, error) {
	var b [32]byte
	if _, err := io.ReadFull(a.random, b[:]); err != nil {
		return refreshSecret{}, fmt.Errorf("draw refresh secret: %w", err)
	}
	return refreshToken(sid, base64.RawURLEncoding.EncodeToString(b[:])), nil
}

// successorContext binds successor derivation to its purpose and version,
// so that no other use of an HMAC under RefreshKey yields a refresh secret.
const successorContext = "stagecast/refresh-successor/v1\n"

// successor derives the refresh token that replaces secret in session sid.
// Being a function of the secret, it is the same for every request that
// presents the secret, so requests racing with one token all receive one
// successor and a graced refresh stores nothing. Without RefreshKey nobody
// can compute it, so it is as unguessable as a drawn secret.
func (a *Service) successor(sid id.ID, secret string) refreshSecret {
	m := hmac.New(sha256.New, a.set.RefreshKey)
	io.WriteString(m, successorContext+sid.String()+"\n"+secret)
	return refreshToken(sid, base64.RawURLEncoding.EncodeToString(m.Sum(nil)))
}

func refreshToken(sid id.ID, secret string) refreshSecret {
	return refreshSecret{token: sid.String() + "." + secret, hash: hashSecret(secret)}
}

// splitRefresh parses a refresh token into its session id and secret.
func splitRefresh(token string) (id.ID, string, bool) {
	sidPart, secret, ok := strings.Cut(token, ".")
	if !ok || len(secret) != refreshSecretLen {
		return id.Nil, "", false
	}
	sid, ok := id.Parse(sidPart)
	if !ok {
		return id.Nil, "", false
	}
	return sid, secret, true
}

// hashSecret needs no key or salt: a secret has 256 bits that are random
// or, for successors, an HMAC under a key the database never sees.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
