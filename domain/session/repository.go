package session

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/id"
)

// Repository stores sessions.
type Repository interface {
	// Create inserts a new session.
	Create(ctx context.Context, s *Session) error
	// ByID returns a session, revoked or not, or ErrNotFound.
	ByID(ctx context.Context, id id.ID) (*Session, error)
	// Update writes s if the stored version still equals s.Version(), and
	// then increments the version (on s too); otherwise it returns ErrStale,
	// or ErrNotFound when the session is gone.
	Update(ctx context.Context, s *Session) error
	// ListActive returns the user's sessions that are active at now, newest
	// first, at most limit of them.
	ListActive(ctx context.Context, userID id.ID, now time.Time, limit int) ([]*Session, error)
	// Revoke ends one session of the user at the given time; ErrNotFound when
	// the user has no such active session.
	Revoke(ctx context.Context, userID, sid id.ID, at time.Time) error
	// RevokeAll ends every active session of the user except keep (which may
	// be id.Nil) and returns how many it ended.
	RevokeAll(ctx context.Context, userID, keep id.ID, at time.Time) (int, error)
	// DeleteEnded removes sessions that expired or were revoked before the
	// given time, and returns how many.
	DeleteEnded(ctx context.Context, before time.Time) (int, error)
}
