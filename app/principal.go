package app

import (
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// Principal is the authenticated caller of a use case.
type Principal struct {
	UserID    id.ID
	SessionID id.ID
	// Role is the caller's role, which the classic surface's rules read
	// (only creators upload there).
	Role user.Role
	// Expires is when the access token that named the caller expires;
	// zero when no token did. A live connection ends then.
	Expires time.Time
}
