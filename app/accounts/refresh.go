package accounts

import (
	"context"
	"errors"
	"time"

	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// maxRefreshTries bounds the optimistic retries of one refresh. A try loses
// only to another write to the session between its read and its write, that
// is a rotation or a revocation. Requests racing with one token settle in two
// tries: one rotates, and the others re-read and are graced, which writes
// nothing. Losing every try takes the session rotating again and again
// while one request runs, each time by a client that already holds the
// newest token; should it happen anyway the answer is session.ErrStale, a
// conflict the client may retry, not a server error and not a logout.
const maxRefreshTries = 4

// Refresh exchanges a refresh token for new tokens, rotating the refresh
// token; requests presenting the token just rotated out, within
// session.ReuseGrace, get the same new tokens. A token that was rotated out
// before that is taken as stolen: its session is revoked and the answer is
// session.ErrInvalidRefresh. Any other token is refused with the same error
// and changes nothing.
func (a *Service) Refresh(ctx context.Context, in RefreshInput) (Tokens, error) {
	sid, secret, ok := splitRefresh(in.Token)
	if !ok {
		return Tokens{}, session.ErrInvalidRefresh
	}
	presented, next := hashSecret(secret), a.successor(sid, secret)
	for range maxRefreshTries {
		s, err := a.sessions.ByID(ctx, sid)
		if errors.Is(err, session.ErrNotFound) {
			return Tokens{}, session.ErrInvalidRefresh
		}
		if err != nil {
			return Tokens{}, err
		}
		outcome, refreshErr := s.Refresh(presented, next.hash, a.now(), a.set.RefreshTTL)
		switch outcome {
		case session.Graced:
			return a.signSession(ctx, s, next.token, in.AccessTTL)
		case session.Rotated, session.Reused:
		default:
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
		return a.signSession(ctx, s, next.token, in.AccessTTL)
	}
	a.log.WarnContext(ctx, "refresh: session kept changing", "session_id", sid, "tries", maxRefreshTries)
	return Tokens{}, session.ErrStale
}

// RefreshInput is a refresh request.
type RefreshInput struct {
	Token string // the refresh token
	// AccessTTL is how long the new access token lives, as the surface
	// chooses; Settings.AccessTTL when zero.
	AccessTTL time.Duration
}

// signSession signs new tokens for the owner of s.
func (a *Service) signSession(ctx context.Context, s *session.Session, refreshToken string, accessTTL time.Duration) (Tokens, error) {
	u, err := a.users.ByID(ctx, s.UserID())
	if errors.Is(err, user.ErrNotFound) {
		return Tokens{}, session.ErrInvalidRefresh
	}
	if err != nil {
		return Tokens{}, err
	}
	return a.sign(u, s, refreshToken, accessTTL)
}
