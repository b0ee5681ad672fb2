package sessioncache

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// The wrappers below forget the account a write touched once it returns.
// A write that failed may still be stored later (a lost answer, a commit
// the database finishes after the caller gave up), so after a failure the
// account is shunned for a TTL rather than only forgotten.

// after forgets uid, or shuns it when err is set.
func (c *Cache) after(uid id.ID, err error) {
	if err != nil {
		c.Shun(uid)
		return
	}
	c.Forget(uid)
}

// Users wraps an account repository so that a change to an account
// forgets its sessions in c.
func Users(next user.Repository, c *Cache) user.Repository { return users{next, c} }

type users struct {
	user.Repository
	c *Cache
}

// Create forgets nothing: a new account has no remembered session.

// Update forgets the account.
func (r users) Update(ctx context.Context, uid id.ID, change func(*user.User) error) (u *user.User, err error) {
	defer func() { r.c.after(uid, err) }()
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
func (r sessions) Update(ctx context.Context, s *session.Session) (err error) {
	defer func() { r.c.after(s.UserID(), err) }()
	return r.Repository.Update(ctx, s)
}

// Revoke forgets the account.
func (r sessions) Revoke(ctx context.Context, userID, sid id.ID, at time.Time) (err error) {
	defer func() { r.c.after(userID, err) }()
	return r.Repository.Revoke(ctx, userID, sid, at)
}

// RevokeAll forgets the account.
func (r sessions) RevokeAll(ctx context.Context, userID, keep id.ID, at time.Time) (n int, err error) {
	defer func() { r.c.after(userID, err) }()
	return r.Repository.RevokeAll(ctx, userID, keep, at)
}

// DeleteEnded forgets everything: it may end any account's sessions.
func (r sessions) DeleteEnded(ctx context.Context, before time.Time) (n int, err error) {
	defer func() {
		if err != nil {
			r.c.ShunAll()
			return
		}
		r.c.ForgetAll()
	}()
	return r.Repository.DeleteEnded(ctx, before)
}

// Signups wraps the sign-up store: a sign-up may replace an unverified
// account or delete one, so it forgets both.
func Signups(next user.Signups, c *Cache) user.Signups { return signups{next, c} }

type signups struct {
	next user.Signups
	c    *Cache
}

// Save forgets the accounts it replaces or deletes.
func (r signups) Save(ctx context.Context, s user.Signup) (err error) {
	defer func() {
		if s.User != nil && s.Replace {
			r.c.after(s.User.ID(), err)
		}
		if !s.Release.IsZero() {
			r.c.after(s.Release, err)
		}
	}()
	return r.next.Save(ctx, s)
}
