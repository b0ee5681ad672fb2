package app

import (
	"context"
	"errors"
	"time"

	"github.com/stagecast/stagecast/domain/id"
)

// Clock tells the time; tests inject a fixed or stepping clock.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// IDs makes new aggregate identifiers.
type IDs interface {
	New() id.ID
}

// PasswordHasher hashes and checks passwords.
type PasswordHasher interface {
	Hash(password string) (string, error)
	// Compare returns nil when password matches hash, ErrPasswordMismatch
	// when it does not, and another error when the hash is unusable.
	Compare(hash, password string) error
}

// ErrPasswordMismatch is returned by PasswordHasher.Compare for a wrong password.
var ErrPasswordMismatch = errors.New("password mismatch")

// AccessClaims are what an access token says about its bearer.
type AccessClaims struct {
	UserID    id.ID
	SessionID id.ID
	Email     string
	Username  string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Errors of TokenIssuer.Parse.
var (
	ErrTokenExpired = errors.New("access token expired")
	ErrTokenInvalid = errors.New("access token invalid")
)

// TokenIssuer signs and checks access tokens.
type TokenIssuer interface {
	// Issue signs c; IssuedAt and ExpiresAt must be set.
	Issue(c AccessClaims) (string, error)
	// Parse checks a token's signature, algorithm and lifetime at now and
	// returns its claims, ErrTokenExpired or ErrTokenInvalid.
	Parse(token string, now time.Time) (AccessClaims, error)
}

// Message is one e-mail. Every message has both bodies.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer sends e-mail.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}
