package app

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// maxRefreshTries bounds the optimistic retries when requests race on one
// session; each retry re-reads the session, so the loop always converges.
const maxRefreshTries = 4

// Refresh exchanges a refresh token for new tokens, rotating the refresh
// token. A token that was already rotated out (beyond the short grace that
// lets racing requests both succeed) is taken as stolen: its session is
// revoked and the answer is ErrInvalidRefresh.
func (a *App) Refresh(ctx context.Context, token string) (Tokens, error) {
	sid, presented, ok := splitRefresh(token)
	if !ok {
		return Tokens{}, session.ErrInvalidRefresh
	}
	for range maxRefreshTries {
		s, err := a.sessions.ByID(ctx, sid)
		if errors.Is(err, session.ErrNotFound) {
			return Tokens{}, session.ErrInvalidRefresh
		}
		if err != nil {
			return Tokens{}, err
		}
		next, err := a.newRefresh(sid)
		if err != nil {
			return Tokens{}, err
		}
		outcome, refreshErr := s.Refresh(presented, next.hash, a.now(), a.set.RefreshTTL)
		if refreshErr != nil && outcome != session.Reused {
			return Tokens{}, refreshErr
		}
		switch err := a.sessions.Update(ctx, s); {
		case errors.Is(err, session.ErrStale):
			continue
		case errors.Is(err, session.ErrNotFound):
			return Tokens{}, session.ErrInvalidRefresh
		case err != nil:
			return Tokens{}, err
		}
		if outcome == session.Reused {
			a.log.WarnContext(ctx, "refresh token reuse: session revoked", "session_id", sid, "user_id", s.UserID())
			return Tokens{}, refreshErr
		}
		u, err := a.users.ByID(ctx, s.UserID())
		if errors.Is(err, user.ErrNotFound) {
			return Tokens{}, session.ErrInvalidRefresh
		}
		if err != nil {
			return Tokens{}, err
		}
		return a.sign(u, s, next.token)
	}
	return Tokens{}, errors.New("refresh: session kept changing")
}
