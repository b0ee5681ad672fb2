package sessioncache

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// The wrappers below forget after every write, failed ones included: a
// write that failed may still have been stored (a lost answer), and
// forgetting too much only costs a read.

// Users wraps an account repository so that a change to an account
// forgets its sessions in c.
func Users(next user.Repository, c *Cache) user.Repository { return users{next, c} }

type users struct {
	user.Repository
	c *Cache
}

// Update forgets the account whatever the outcome.
func (r users) Update(ctx context.Context, uid id.ID, change func(*user.User) error) (*user.User, error) {
	defer r.c.Forget(uid)
	return r.Repository.Update(ctx, uid, change)
}

// Sessions wraps a session repository so that a change to a session
// forgets its account's sessions in c.
func Sessions(next session.Repository, c *Cache) session.Repository { return sessions{next, c} }

type sessions struct {
	session.Repository
	c *Cache
}

// Create forgets nothing: a new session was not remembered.

// Update forgets the session's account.
func (r sessions) Update(ctx context.Context, s *session.Session) error {
	defer r.c.Forget(s.UserID())
	return r.Repository.Update(ctx, s)
}

// Revoke forgets the account.
func (r sessions) Revoke(ctx context.Context, userID, sid id.ID, at time.Time) error {
	defer r.c.Forget(userID)
	return r.Repository.Revoke(ctx, userID, sid, at)
}

// RevokeAll forgets the account.
func (r sessions) RevokeAll(ctx context.Context, userID, keep id.ID, at time.Time) (int, error) {
	defer r.c.Forget(userID)
	return r.Repository.RevokeAll(ctx, userID, keep, at)
}

// DeleteEnded forgets everything: it may end any account's sessions.
func (r sessions) DeleteEnded(ctx context.Context, before time.Time) (int, error) {
	defer r.c.ForgetAll()
	return r.Repository.DeleteEnded(ctx, before)
}

// Signups wraps the sign-up store: a sign-up may replace or delete an
// unverified account, so it forgets everything.
func Signups(next user.Signups, c *Cache) user.Signups { return signups{next, c} }

type signups struct {
	next user.Signups
	c    *Cache
}

// Save forgets everything whatever the outcome.
func (r signups) Save(ctx context.Context, s user.Signup) error {
	defer r.c.ForgetAll()
	return r.next.Save(ctx, s)
}
