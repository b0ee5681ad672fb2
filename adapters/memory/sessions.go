package memory

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
)

// Sessions is an in-memory session.Repository. The zero value is not usable;
// call NewSessions.
type Sessions struct {
	mu   sync.RWMutex
	byID map[id.ID]session.Stored
}

var _ session.Repository = (*Sessions)(nil)

// NewSessions returns an empty session repository.
func NewSessions() *Sessions {
	return &Sessions{byID: make(map[id.ID]session.Stored)}
}

// Create inserts s as it is, version included.
func (r *Sessions) Create(ctx context.Context, s *session.Session) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: create session")
	}
	st := s.Stored()
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byID[st.ID]; ok {
		return errs.New(errs.Internal, "memory: duplicate session id "+st.ID.String())
	}
	r.byID[st.ID] = st
	return nil
}

// ByID returns the session, revoked or not.
func (r *Sessions) ByID(ctx context.Context, sid id.ID) (*session.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: session by id")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	st, ok := r.byID[sid]
	if !ok {
		return nil, session.ErrNotFound
	}
	return session.FromStored(st), nil
}

// Update writes s when the stored version is the one s was read at. The
// owner and creation time never change, as in the SQL stores.
func (r *Sessions) Update(ctx context.Context, s *session.Session) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: update session")
	}
	st := s.Stored()
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.byID[st.ID]
	switch {
	case !ok:
		return session.ErrNotFound
	case old.Version != st.Version:
		return session.ErrStale
	}
	st.UserID, st.CreatedAt = old.UserID, old.CreatedAt
	st.Version++
	r.byID[st.ID] = st
	s.MarkSaved()
	return nil
}

// ListActive returns the user's active sessions, newest first; the id breaks
// ties so that the order is total, as it is in SQL.
func (r *Sessions) ListActive(ctx context.Context, uid id.ID, now time.Time, limit int) ([]*session.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: list sessions")
	}
	r.mu.RLock()
	var found []session.Stored
	for _, st := range r.byID {
		if st.UserID == uid && active(st, now) {
			found = append(found, st)
		}
	}
	r.mu.RUnlock()
	slices.SortFunc(found, func(a, b session.Stored) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	out := make([]*session.Session, 0, min(len(found), max(limit, 0)))
	for _, st := range found[:min(len(found), max(limit, 0))] {
		out = append(out, session.FromStored(st))
	}
	return out, nil
}

// Revoke ends one active session of the user. Revoking bumps the version so
// that a refresh that read the session before cannot write it back alive.
func (r *Sessions) Revoke(ctx context.Context, uid, sid id.ID, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: revoke session")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	st, ok := r.byID[sid]
	if !ok || st.UserID != uid || !active(st, at) {
		return session.ErrNotFound
	}
	r.byID[sid] = revoked(st, at)
	return nil
}

// RevokeAll ends every active session of the user but keep.
func (r *Sessions) RevokeAll(ctx context.Context, uid, keep id.ID, at time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: revoke sessions")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for sid, st := range r.byID {
		if st.UserID == uid && sid != keep && active(st, at) {
			r.byID[sid] = revoked(st, at)
			n++
		}
	}
	return n, nil
}

// DeleteEnded removes sessions that expired or were revoked before the given
// time.
func (r *Sessions) DeleteEnded(ctx context.Context, before time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: delete sessions")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for sid, st := range r.byID {
		if st.ExpiresAt.Before(before) || (!st.RevokedAt.IsZero() && st.RevokedAt.Before(before)) {
			delete(r.byID, sid)
			n++
		}
	}
	return n, nil
}

// active is session.Session.Active on the stored form.
func active(st session.Stored, now time.Time) bool {
	return st.RevokedAt.IsZero() && now.Before(st.ExpiresAt)
}

func revoked(st session.Stored, at time.Time) session.Stored {
	st.RevokedAt = at.UTC()
	st.Version++
	return st
}
