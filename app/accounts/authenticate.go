package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// Authenticate checks an access token and returns its caller. The token's
// session must still be active, so that logging out or revoking a session
// stops its access tokens at once rather than at their expiry. The session
// and its user are one read: every authenticated request makes it.
func (a *Service) Authenticate(ctx context.Context, token string) (app.Principal, *user.User, error) {
	if token == "" {
		return app.Principal{}, nil, ErrUnauthorized
	}
	now := a.now()
	c, err := a.tokens.Parse(token, now)
	switch {
	case errors.Is(err, app.ErrTokenExpired):
		return app.Principal{}, nil, ErrAccessTokenExpired
	case err != nil:
		return app.Principal{}, nil, ErrUnauthorized
	}
	s, u, err := a.holders.SessionHolder(ctx, c.SessionID)
	switch {
	case errors.Is(err, session.ErrNotFound):
		return app.Principal{}, nil, ErrUnauthorized
	case err != nil:
		return app.Principal{}, nil, err
	case !s.Active(now) || s.UserID() != c.UserID:
		return app.Principal{}, nil, ErrUnauthorized
	}
	return app.Principal{UserID: u.ID(), SessionID: s.ID(), Role: u.Role(), Expires: c.ExpiresAt}, u, nil
}

// SignedIn reports whether token belongs to a live session, for the routes
// that only signed-out visitors may use. A store failure counts as signed
// out: the guarded routes check everything they need themselves.
func (a *Service) SignedIn(ctx context.Context, token string) bool {
	_, _, err := a.Authenticate(ctx, token)
	return err == nil
}
