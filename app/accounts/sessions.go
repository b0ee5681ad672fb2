package accounts

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
)

// MaxListedSessions bounds the session list.
const MaxListedSessions = 100

// SessionInfo describes one signed-in device to its owner.
type SessionInfo struct {
	ID         id.ID
	CreatedAt  time.Time
	LastUsedAt time.Time
	UserAgent  string
	Current    bool // the session of the request
}

// ListSessions returns the caller's active sessions, newest first.
func (a *Service) ListSessions(ctx context.Context, p app.Principal) ([]SessionInfo, error) {
	list, err := a.sessions.ListActive(ctx, p.UserID, a.now(), MaxListedSessions)
	if err != nil {
		return nil, err
	}
	out := make([]SessionInfo, len(list))
	for i, s := range list {
		out[i] = SessionInfo{
			ID: s.ID(), CreatedAt: s.CreatedAt(), LastUsedAt: s.LastUsedAt(),
			UserAgent: s.UserAgent(), Current: s.ID() == p.SessionID,
		}
	}
	return out, nil
}

// RevokeSession ends one of the caller's sessions; another user's session is
// session.ErrNotFound. It reports whether that was the caller's own session.
func (a *Service) RevokeSession(ctx context.Context, p app.Principal, sid id.ID) (current bool, err error) {
	if err := a.sessions.Revoke(ctx, p.UserID, sid, a.now()); err != nil {
		return false, err
	}
	return sid == p.SessionID, nil
}
