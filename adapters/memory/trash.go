package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/media"
)

// Trash is an in-memory media.Trash; every transition happens under one
// lock. The zero value is not usable; call NewTrash.
type Trash struct {
	mu    sync.Mutex
	items map[string]media.TrashItem
}

var _ media.Trash = (*Trash)(nil)

// NewTrash returns an empty trash.
func NewTrash() *Trash {
	return &Trash{items: make(map[string]media.TrashItem)}
}

// Add schedules the keys for deletion. A key already there keeps its
// attempts and grant, as in SQL: it is the same object, and its failures
// still count. Empty keys, the "no object" of a generated avatar, are
// skipped.
func (r *Trash) Add(ctx context.Context, due time.Time, keys ...string) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: add to trash")
	}
	due = msUTC(due)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range keys {
		if k == "" {
			continue
		}
		it := r.items[k]
		it.Key, it.State, it.DueAt = k, media.TrashDelete, due
		r.items[k] = it
	}
	return nil
}

// Cancel turns the keys back to claimed, due at due.
func (r *Trash) Cancel(ctx context.Context, due time.Time, keys ...string) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: cancel trash")
	}
	due = msUTC(due)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range keys {
		if it, ok := r.items[k]; ok {
			it.State, it.DueAt, it.Attempts = media.TrashClaimed, due, 0
			r.items[k] = it
		}
	}
	return nil
}

// Reserve records a pending upload key.
func (r *Trash) Reserve(ctx context.Context, key string, due, grantUntil time.Time) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: reserve in trash")
	}
	if key == "" {
		return errs.New(errs.Internal, "memory: reserve an empty key")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items[key] = media.TrashItem{Key: key, State: media.TrashPending, DueAt: msUTC(due), GrantUntil: msUTC(grantUntil)}
	return nil
}

// Pending reports whether the key is reserved.
func (r *Trash) Pending(ctx context.Context, key string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: pending in trash")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.items[key].State == media.TrashPending, nil
}

// Claim takes pending keys under the lock, all or none, so of racing
// claims exactly one finds them.
func (r *Trash) Claim(ctx context.Context, confirm time.Time, keys ...string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: claim from trash")
	}
	confirm = msUTC(confirm)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(keys) == 0 {
		return false, nil
	}
	for _, k := range keys {
		if r.items[k].State != media.TrashPending {
			return false, nil
		}
	}
	for _, k := range keys {
		it := r.items[k]
		it.State, it.DueAt = media.TrashClaimed, confirm
		if it.GrantUntil.After(confirm) {
			it.DueAt = it.GrantUntil
		}
		r.items[k] = it
	}
	return true, nil
}

// Due returns up to limit items due at now, by due time then key
// (byte-wise, as in SQL).
func (r *Trash) Due(ctx context.Context, now time.Time, limit int) ([]media.TrashItem, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: due trash")
	}
	now = msUTC(now)
	r.mu.Lock()
	var due []media.TrashItem
	for _, it := range r.items {
		if !it.DueAt.After(now) {
			due = append(due, it)
		}
	}
	r.mu.Unlock()
	slices.SortFunc(due, func(a, b media.TrashItem) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.Key, b.Key))
	})
	return append([]media.TrashItem{}, due[:min(len(due), max(limit, 0))]...), nil
}

// Expire turns a pending key into one to delete.
func (r *Trash) Expire(ctx context.Context, key string) (bool, error) {
	return r.turn(ctx, key, media.TrashPending, time.Time{}, media.TrashDelete)
}

// Doom turns a claimed key no row took into one to delete.
func (r *Trash) Doom(ctx context.Context, key string, dueAt time.Time) (bool, error) {
	return r.turn(ctx, key, media.TrashClaimed, dueAt, media.TrashDelete)
}

// turn moves key from state from (and due at dueAt, unless zero) to state
// to, and reports whether it did.
func (r *Trash) turn(ctx context.Context, key string, from media.TrashState, dueAt time.Time, to media.TrashState) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: change trash state")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	it, ok := r.items[key]
	if !ok || it.State != from || (!dueAt.IsZero() && !it.DueAt.Equal(msUTC(dueAt))) {
		return false, nil
	}
	it.State = to
	r.items[key] = it
	return true, nil
}

// Deleted takes a deleted key out, or keeps it due when its grant lapses.
func (r *Trash) Deleted(ctx context.Context, key string, now time.Time) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: deleted from trash")
	}
	now = msUTC(now)
	r.mu.Lock()
	defer r.mu.Unlock()
	it, ok := r.items[key]
	switch {
	case !ok || it.State != media.TrashDelete:
	case it.GrantUntil.After(now):
		it.DueAt, it.Attempts = it.GrantUntil, 0
		r.items[key] = it
	default:
		delete(r.items, key)
	}
	return nil
}

// Postpone counts a failed deletion and sets the next try. A key that left
// the trash meanwhile stays out, as in SQL.
func (r *Trash) Postpone(ctx context.Context, key string, due time.Time) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: postpone trash")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	it, ok := r.items[key]
	if !ok {
		return nil
	}
	it.Attempts++
	it.DueAt = msUTC(due)
	r.items[key] = it
	return nil
}

// Release removes key if it is still in state and due at dueAt.
func (r *Trash) Release(ctx context.Context, key string, state media.TrashState, dueAt time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: release from trash")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	it, ok := r.items[key]
	if !ok || it.State != state || !it.DueAt.Equal(msUTC(dueAt)) {
		return false, nil
	}
	delete(r.items, key)
	return true, nil
}
