package app

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// Principal is the authenticated caller of a use case.
type Principal struct {
	UserID    id.ID
	SessionID id.ID
}

// Authenticate checks an access token and returns its caller. The token's
// session must still be active, so that logging out or revoking a session
// stops its access tokens at once rather than at their expiry.
func (a *App) Authenticate(ctx context.Context, token string) (Principal, *user.User, error) {
	if token == "" {
		return Principal{}, nil, ErrUnauthorized
	}
	now := a.now()
	c, err := a.tokens.Parse(token, now)
	switch {
	case errors.Is(err, ErrTokenExpired):
		return Principal{}, nil, ErrAccessTokenExpired
	case err != nil:
		return Principal{}, nil, ErrUnauthorized
	}
	s, err := a.sessions.ByID(ctx, c.SessionID)
	switch {
	case errors.Is(err, session.ErrNotFound):
		return Principal{}, nil, ErrUnauthorized
	case err != nil:
		return Principal{}, nil, err
	case !s.Active(now) || s.UserID() != c.UserID:
		return Principal{}, nil, ErrUnauthorized
	}
	u, err := a.users.ByID(ctx, c.UserID)
	switch {
	case errors.Is(err, user.ErrNotFound):
		return Principal{}, nil, ErrUnauthorized
	case err != nil:
		return Principal{}, nil, err
	}
	return Principal{UserID: u.ID(), SessionID: s.ID()}, u, nil
}

// SignedIn reports whether token belongs to a live session, for the routes
// that only signed-out visitors may use. A store failure counts as signed
// out: the guarded routes check everything they need themselves.
func (a *App) SignedIn(ctx context.Context, token string) bool {
	_, _, err := a.Authenticate(ctx, token)
	return err == nil
}
