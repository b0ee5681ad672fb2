package accounts

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// Tokens are the credentials handed to a signed-in client.
type Tokens struct {
	Access         string
	AccessExpires  time.Time
	Refresh        string
	RefreshExpires time.Time
}

// LoginInput is a sign-in form.
type LoginInput struct {
	Identifier string // e-mail address or username
	Password   string
	UserAgent  string
	// AccessTTL is how long the access token lives, as the surface the
	// client signs in through chooses; Settings.AccessTTL when zero.
	AccessTTL time.Duration
}

// LoginResult is the signed-in user and their new session's tokens.
type LoginResult struct {
	User   *user.User
	Tokens Tokens
}

// AccountKey names the account an identifier refers to, so that sign-in
// attempts by e-mail and by username count against the same account: the
// account id when one matches, else the normalized identifier.
func (a *Service) AccountKey(ctx context.Context, identifier string) (string, error) {
	ident := strings.ToLower(strings.TrimSpace(identifier))
	u, err := a.lookupIdentifier(ctx, ident)
	if err != nil || u == nil {
		return ident, err
	}
	return u.ID().String(), nil
}

// lookupIdentifier finds the account of a normalized e-mail or username; a
// username cannot contain "@", so the form of the identifier says which.
func (a *Service) lookupIdentifier(ctx context.Context, ident string) (*user.User, error) {
	if strings.Contains(ident, "@") {
		return a.findUser(a.users.ByEmail(ctx, user.Email(ident)))
	}
	return a.findUser(a.users.ByUsername(ctx, user.Username(ident)))
}

// Login checks the credentials of a verified account and starts a session.
func (a *Service) Login(ctx context.Context, in LoginInput) (LoginResult, error) {
	u, err := a.lookupIdentifier(ctx, strings.ToLower(strings.TrimSpace(in.Identifier)))
	if err != nil {
		return LoginResult{}, err
	}
	hash := a.dummyHash
	if u != nil {
		hash = u.PasswordHash()
	}
	err = a.hasher.Compare(hash, in.Password)
	switch {
	case errors.Is(err, app.ErrPasswordMismatch), u == nil, err == nil && !u.Verified():
		return LoginResult{}, user.ErrInvalidCredentials
	case err != nil:
		return LoginResult{}, err
	}

	tokens, err := a.startSession(ctx, u, in.UserAgent, in.AccessTTL)
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{User: u, Tokens: tokens}, nil
}

// startSession creates a session for u and signs its first tokens. A user
// keeps at most session.MaxActive sessions; the oldest are ended.
func (a *Service) startSession(ctx context.Context, u *user.User, userAgent string, accessTTL time.Duration) (Tokens, error) {
	sid := a.ids.New()
	refresh, err := a.newRefresh(sid)
	if err != nil {
		return Tokens{}, err
	}
	now := a.now()
	s := session.New(sid, u.ID(), refresh.hash, userAgent, now, a.set.RefreshTTL)
	if err := a.sessions.Create(ctx, s); err != nil {
		return Tokens{}, err
	}
	if err := a.trimSessions(ctx, u.ID(), now); err != nil {
		return Tokens{}, err
	}
	return a.sign(u, s, refresh.token, accessTTL)
}

func (a *Service) trimSessions(ctx context.Context, uid id.ID, now time.Time) error {
	active, err := a.sessions.ListActive(ctx, uid, now, session.MaxActive+10)
	if err != nil {
		return err
	}
	for _, old := range active[min(len(active), session.MaxActive):] {
		if err := a.sessions.Revoke(ctx, uid, old.ID(), now); err != nil && !errors.Is(err, session.ErrNotFound) {
			return err
		}
	}
	return nil
}

// sign issues an access token for u in session s, living accessTTL (the
// default when zero), and pairs it with the session's refresh token.
func (a *Service) sign(u *user.User, s *session.Session, refreshToken string, accessTTL time.Duration) (Tokens, error) {
	if accessTTL <= 0 {
		accessTTL = a.set.AccessTTL
	}
	now := a.now()
	claims := app.AccessClaims{
		UserID: u.ID(), SessionID: s.ID(), Email: u.Email().String(), Username: u.Username().String(),
		IssuedAt: now, ExpiresAt: now.Add(accessTTL),
	}
	access, err := a.tokens.Issue(claims)
	if err != nil {
		return Tokens{}, err
	}
	return Tokens{Access: access, AccessExpires: claims.ExpiresAt, Refresh: refreshToken, RefreshExpires: s.ExpiresAt()}, nil
}
