package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// SessionHolders reads a session together with the account that holds it.
// Every authenticated request needs both, so a store answers in one read
// rather than two.
type SessionHolders interface {
	// SessionHolder returns the session, revoked or not, and its user, or
	// session.ErrNotFound when there is no such session or its user is
	// gone.
	SessionHolder(ctx context.Context, sid id.ID) (*session.Session, *user.User, error)
}
