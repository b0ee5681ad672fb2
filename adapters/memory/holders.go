package memory

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// holders reads sessions with their users from the store's two maps. The
// two reads are not one snapshot, as the SQL store's join is; a user
// deleted between them reads as a missing session either way.
type holders struct {
	sessions *Sessions
	users    *Users
}

var _ app.SessionHolders = holders{}

func (h holders) SessionHolder(ctx context.Context, sid id.ID) (*session.Session, *user.User, error) {
	s, err := h.sessions.ByID(ctx, sid)
	if err != nil {
		return nil, nil, err
	}
	u, err := h.users.ByID(ctx, s.UserID())
	if errors.Is(err, user.ErrNotFound) {
		return nil, nil, session.ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	return s, u, nil
}

// SessionHolders returns the reader of sessions with their users.
func (s *Store) SessionHolders() app.SessionHolders {
	return holders{sessions: s.sessions, users: s.users}
}
