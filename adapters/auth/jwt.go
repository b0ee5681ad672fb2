package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
)

// MinSecretLen is the shortest HMAC key accepted: HS256 wants 256 bits.
const MinSecretLen = 32

// JWT issues and checks HS256 access tokens.
type JWT struct {
	secret   []byte
	verified verifiedCache
}

var _ app.TokenIssuer = (*JWT)(nil)

// claims is the token body. The field names are the wire format clients of
// /api/v1 decode.
type claims struct {
	UserID   string `json:"_id"`
	Email    string `json:"email"`
	Username string `json:"username"`
	SID      string `json:"sid"`
	jwt.RegisteredClaims
}

// NewJWT returns an issuer keyed by secret.
func NewJWT(secret []byte) (*JWT, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("jwt: secret must be at least %d bytes", MinSecretLen)
	}
	return &JWT{secret: append([]byte(nil), secret...)}, nil
}

// Issue signs c.
func (j *JWT) Issue(c app.AccessClaims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims{
		UserID: c.UserID.String(), Email: c.Email, Username: c.Username, SID: c.SessionID.String(),
		RegisteredClaims: jwt.RegisteredClaims{
			IssuedAt:  jwt.NewNumericDate(c.IssuedAt),
			ExpiresAt: jwt.NewNumericDate(c.ExpiresAt),
		},
	})
	s, err := t.SignedString(j.secret)
	if err != nil {
		return "", fmt.Errorf("jwt: sign: %w", err)
	}
	return s, nil
}

// Parse checks token at now. A token verified before is not decoded
// again (see verifiedCache).
func (j *JWT) Parse(token string, now time.Time) (app.AccessClaims, error) {
	if cl, ok := j.verified.get(token); ok {
		if err := timely(cl, now); err != nil {
			return app.AccessClaims{}, err
		}
		return cl, nil
	}
	cl, err := j.parse(token, now)
	if err == nil {
		j.verified.put(token, cl)
	}
	return cl, err
}

// parse decodes and verifies token at now.
func (j *JWT) parse(token string, now time.Time) (app.AccessClaims, error) {
	var c claims
	// Pinning the algorithm refuses "none" and RS/HS confusion outright.
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuedAt(),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	_, err := parser.ParseWithClaims(token, &c, j.key)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return app.AccessClaims{}, app.ErrTokenExpired
	case err != nil:
		return app.AccessClaims{}, app.ErrTokenInvalid
	}
	uid, ok1 := id.Parse(c.UserID)
	sid, ok2 := id.Parse(c.SID)
	if !ok1 || !ok2 || c.ExpiresAt == nil || c.IssuedAt == nil {
		return app.AccessClaims{}, app.ErrTokenInvalid
	}
	return app.AccessClaims{
		UserID: uid, SessionID: sid, Email: c.Email, Username: c.Username,
		IssuedAt: c.IssuedAt.UTC(), ExpiresAt: c.ExpiresAt.UTC(),
	}, nil
}

func (j *JWT) key(*jwt.Token) (any, error) { return j.secret, nil }
