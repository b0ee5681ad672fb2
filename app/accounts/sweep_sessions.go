package accounts

import (
	"context"
	"time"
)

// endedSessionRetention is how long ended sessions are kept: they can no
// longer be used, and a day helps tracing a revocation.
const endedSessionRetention = 24 * time.Hour

// SweepSessions deletes sessions that ended more than a day ago and
// returns how many.
func (a *Service) SweepSessions(ctx context.Context) (int, error) {
	return a.sessions.DeleteEnded(ctx, a.now().Add(-endedSessionRetention))
}
