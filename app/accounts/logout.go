package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
)

// Logout ends the caller's session.
func (a *Service) Logout(ctx context.Context, p app.Principal) error {
	err := a.sessions.Revoke(ctx, p.UserID, p.SessionID, a.now())
	if errors.Is(err, session.ErrNotFound) {
		return nil // ended meanwhile: the caller's wish holds
	}
	return err
}

// LogoutAll ends every session of the caller, this one included.
func (a *Service) LogoutAll(ctx context.Context, p app.Principal) error {
	_, err := a.sessions.RevokeAll(ctx, p.UserID, id.Nil, a.now())
	return err
}
