// Package accounts holds the use cases of accounts and sessions: sign-up
// and its verification code, sign-in, refresh-token rotation, sign-out,
// sessions, passwords, and checking the access token of a request.
package accounts

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// Deps are the ports the account use cases need.
type Deps struct {
	Users    user.Repository
	Codes    user.Codes
	Signups  user.Signups
	Sessions session.Repository
	// Holders reads a session with its user, to authenticate a request in
	// one read.
	Holders app.SessionHolders
	Hasher  app.PasswordHasher
	Tokens  app.TokenIssuer
	Mailer  app.Mailer
	Clock   app.Clock
	IDs     app.IDs
	// Random is the source of codes and refresh secrets (crypto/rand when nil).
	Random io.Reader
	Log    *slog.Logger
}

// Settings are the rules of accounts and sessions.
type Settings struct {
	AccessTTL  time.Duration // lifetime of an access token
	RefreshTTL time.Duration // lifetime of a session without refresh
	// CodeKey keys the hashes of one-time codes, so that a copy of the
	// database alone does not let anyone try the million codes offline.
	CodeKey []byte
	// RefreshKey derives each refresh secret's successor (see successor),
	// so that requests racing with one token are all handed the same next
	// token without the store keeping more than one current secret.
	RefreshKey []byte
}

// Service runs the account use cases.
type Service struct {
	users    user.Repository
	codes    user.Codes
	signups  user.Signups
	sessions session.Repository
	holders  app.SessionHolders
	hasher   app.PasswordHasher
	tokens   app.TokenIssuer
	mailer   app.Mailer
	clock    app.Clock
	ids      app.IDs
	random   io.Reader
	log      *slog.Logger
	set      Settings

	// dummyHash is compared against when an account does not exist, so that
	// an unknown identifier takes as long to refuse as a wrong password.
	dummyHash string
}

// New checks the dependencies and settings and returns the service.
func New(d Deps, s Settings) (*Service, error) {
	if d.Users == nil || d.Codes == nil || d.Signups == nil || d.Sessions == nil || d.Holders == nil ||
		d.Hasher == nil || d.Tokens == nil || d.Mailer == nil || d.Clock == nil || d.IDs == nil {
		return nil, errors.New("accounts: missing dependency")
	}
	if s.AccessTTL <= 0 || s.RefreshTTL <= 0 {
		return nil, errors.New("accounts: token lifetimes must be positive")
	}
	if len(s.CodeKey) < 32 || len(s.RefreshKey) < 32 {
		return nil, errors.New("accounts: code and refresh keys must be at least 32 bytes")
	}
	if d.Random == nil {
		d.Random = rand.Reader
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	dummy, err := d.Hasher.Hash("no such account")
	if err != nil {
		return nil, err
	}
	return &Service{
		users: d.Users, codes: d.Codes, signups: d.Signups, sessions: d.Sessions, holders: d.Holders,
		hasher: d.Hasher, tokens: d.Tokens, mailer: d.Mailer, clock: d.Clock, ids: d.IDs,
		random: d.Random, log: d.Log, set: s, dummyHash: dummy,
	}, nil
}

func (a *Service) now() time.Time { return a.clock.Now().UTC() }
