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

// Trash is an in-memory media.Trash. The zero value is not usable; call
// NewTrash.
type Trash struct {
	mu    sync.Mutex
	items map[string]media.TrashItem
}

var _ media.Trash = (*Trash)(nil)

// NewTrash returns an empty trash.
func NewTrash() *Trash {
	return &Trash{items: make(map[string]media.TrashItem)}
}

// Add puts the keys in, due at due. A key already there keeps its attempts,
// as in SQL: it is the same object, and its failures still count. Empty
// keys, the "no object" of a generated avatar, are skipped.
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
		it.Key, it.DueAt = k, due
		r.items[k] = it
	}
	return nil
}

// Remove takes the keys out; missing ones are ignored.
func (r *Trash) Remove(ctx context.Context, keys ...string) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: remove from trash")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range keys {
		delete(r.items, k)
	}
	return nil
}

// Claim takes the key out under the lock, so of racing claims exactly one
// finds it.
func (r *Trash) Claim(ctx context.Context, key string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: claim from trash")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.items[key]
	delete(r.items, key)
	return ok, nil
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
