// Package sessioncache remembers, for a few seconds, the sessions and
// accounts that authenticate requests, so that a client's burst of
// requests reads its session once. Every change to a session or an
// account goes through the repositories it wraps (see Users, Sessions and
// Signups), which forget what it remembered of that account as soon as the
// change returns: a logout, a revocation or a profile change is seen by the
// next request.
//
// It sees the changes made through this process only, so it serves one
// instance: with several, each would keep what another changed for up to
// its TTL. The wiring leaves it out when instances share Redis, and
// SESSION_CACHE_TTL=0 turns it off.
package sessioncache

import (
	"context"
	"sync"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// MaxEntries bounds the memory of a cache: past it, it starts over.
const MaxEntries = 10_000

// Cache is an app.SessionHolders that remembers what another one read. It
// is safe for concurrent use.
type Cache struct {
	next  app.SessionHolders
	clock app.Clock
	ttl   time.Duration
	max   int

	mu sync.RWMutex
	// gen counts the forgets: a read that started before one may hold
	// what it forgot, and is not remembered (see SessionHolder).
	gen     uint64
	entries map[id.ID]entry
	// byUser finds the sessions remembered of each account.
	byUser map[id.ID]map[id.ID]struct{}
	// shunned are the accounts not to remember until the time given: a
	// write that failed may still be stored after it returned, so what a
	// read finds meanwhile may be about to change. shunAll is the same
	// for every account.
	shunned map[id.ID]time.Time
	shunAll time.Time
}

// entry is a session and its account as read, kept in their stored forms
// so that every caller gets values of its own.
type entry struct {
	session session.Stored
	user    user.Stored
	// read and until bound when the entry may be served: a clock set back
	// does not make it live longer.
	read, until time.Time
}

var _ app.SessionHolders = (*Cache)(nil)

// New returns a cache in front of next, whose entries live ttl on clock's
// time and number at most maxEntries.
func New(next app.SessionHolders, clock app.Clock, ttl time.Duration, maxEntries int) *Cache {
	return &Cache{
		next: next, clock: clock, ttl: ttl, max: maxEntries,
		entries: map[id.ID]entry{}, byUser: map[id.ID]map[id.ID]struct{}{}, shunned: map[id.ID]time.Time{},
	}
}

// SessionHolder returns the remembered session and account, or reads them
// and remembers them unless something was forgotten during the read.
// Errors are not remembered.
func (c *Cache) SessionHolder(ctx context.Context, sid id.ID) (*session.Session, *user.User, error) {
	now := c.clock.Now()
	c.mu.RLock()
	e, ok := c.entries[sid]
	gen := c.gen
	c.mu.RUnlock()
	if ok && !now.Before(e.read) && now.Before(e.until) {
		return session.FromStored(e.session), user.FromStored(ownUser(e.user)), nil
	}
	s, u, err := c.next.SessionHolder(ctx, sid)
	if err != nil {
		return nil, nil, err
	}
	c.remember(gen, s, u, now)
	return s, u, nil
}

// remember keeps s and u, read at now, unless the cache forgot anything
// since gen or shuns their account.
func (c *Cache) remember(gen uint64, s *session.Session, u *user.User, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || now.Before(c.shunAll) {
		return
	}
	if until, ok := c.shunned[u.ID()]; ok {
		if now.Before(until) {
			return
		}
		delete(c.shunned, u.ID())
	}
	if len(c.entries) >= c.max {
		c.entries, c.byUser = map[id.ID]entry{}, map[id.ID]map[id.ID]struct{}{}
	}
	c.entries[s.ID()] = entry{session: s.Stored(), user: ownUser(u.Stored()), read: now, until: now.Add(c.ttl)}
	sids := c.byUser[u.ID()]
	if sids == nil {
		sids = map[id.ID]struct{}{}
		c.byUser[u.ID()] = sids
	}
	sids[s.ID()] = struct{}{}
}

// Forget drops what is remembered of the account's sessions, and keeps
// reads under way from remembering what they found.
func (c *Cache) Forget(userID id.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forget(userID)
}

func (c *Cache) forget(userID id.ID) {
	c.gen++
	for sid := range c.byUser[userID] {
		delete(c.entries, sid)
	}
	delete(c.byUser, userID)
}

// ForgetAll drops everything, for changes that may touch any account.
func (c *Cache) ForgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgetAll()
}

func (c *Cache) forgetAll() {
	c.gen++
	c.entries, c.byUser = map[id.ID]entry{}, map[id.ID]map[id.ID]struct{}{}
}

// Shun forgets the account and remembers none of its sessions for a TTL,
// after a write whose outcome is unknown: it may land after it returned.
func (c *Cache) Shun(userID id.ID) {
	until := c.clock.Now().Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forget(userID)
	if len(c.shunned) >= c.max {
		now := until.Add(-c.ttl)
		for uid, u := range c.shunned {
			if !now.Before(u) {
				delete(c.shunned, uid)
			}
		}
	}
	if len(c.shunned) >= c.max {
		// Too many to track one by one: shun them all.
		c.shunned = map[id.ID]time.Time{}
		c.shunAll = until
		c.forgetAll()
		return
	}
	c.shunned[userID] = until
}

// ShunAll forgets everything and remembers nothing for a TTL (see Shun).
func (c *Cache) ShunAll() {
	until := c.clock.Now().Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgetAll()
	c.shunAll = until
}

// ownUser returns st with its own copy of what it points to, so that no
// two callers share it.
func ownUser(st user.Stored) user.Stored {
	if st.Bio != nil {
		bio := *st.Bio
		st.Bio = &bio
	}
	return st
}
