package memory

import (
	"context"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// Follows is the in-memory follow.Repository of a Store; get it from
// Store.Follows. Its follows share the social lock (see social), since the
// subscription feed of the videos reads them.
type Follows struct{ s *social }

var _ follow.Repository = (*Follows)(nil)

// Add stores f unless its pair is stored, under the write lock, so that of
// racing adds exactly one stores its follow, as SQL's unique key makes it.
func (r *Follows) Add(ctx context.Context, f follow.Follow) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: add follow")
	}
	f.CreatedAt = msUTC(f.CreatedAt)
	key := followPair{f.Follower, f.Following}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.follows[key]; ok {
		return false, nil
	}
	r.s.follows[key] = f
	return true, nil
}

// Remove deletes the pair.
func (r *Follows) Remove(ctx context.Context, follower, following id.ID) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: remove follow")
	}
	key := followPair{follower, following}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.follows[key]; !ok {
		return false, nil
	}
	delete(r.s.follows, key)
	return true, nil
}

// Followers lists the follows whose target is q.User.
func (r *Follows) Followers(ctx context.Context, q follow.Query) (list.Page[follow.Follow], error) {
	return r.list(ctx, q, func(f follow.Follow) bool { return f.Following == q.User })
}

// Following lists the follows q.User made.
func (r *Follows) Following(ctx context.Context, q follow.Query) (list.Page[follow.Follow], error) {
	return r.list(ctx, q, func(f follow.Follow) bool { return f.Follower == q.User })
}

func (r *Follows) list(ctx context.Context, q follow.Query, keep func(follow.Follow) bool) (list.Page[follow.Follow], error) {
	if err := ctx.Err(); err != nil {
		return list.Page[follow.Follow]{}, errs.Wrap(err, "memory: list follows")
	}
	var found []follow.Follow
	r.s.mu.RLock()
	for _, f := range r.s.follows {
		if keep(f) {
			found = append(found, f)
		}
	}
	r.s.mu.RUnlock()
	return window(found, followPosition, q.Desc, q.Window), nil
}

func followPosition(f follow.Follow) list.Position { return list.Position{At: f.CreatedAt, ID: f.ID} }

// Counts counts the follows of each user, zero ones included.
func (r *Follows) Counts(ctx context.Context, users []id.ID) (map[id.ID]follow.Counts, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: count follows")
	}
	if err := checkIDs(users, "count follows"); err != nil {
		return nil, err
	}
	out := make(map[id.ID]follow.Counts, len(users))
	for _, u := range users {
		out[u] = follow.Counts{}
	}
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	for p := range r.s.follows {
		if c, ok := out[p.following]; ok {
			c.Followers++
			out[p.following] = c
		}
		if c, ok := out[p.follower]; ok {
			c.Following++
			out[p.follower] = c
		}
	}
	return out, nil
}

// Follows returns the targets follower follows; the others are absent.
func (r *Follows) Follows(ctx context.Context, follower id.ID, targets []id.ID) (map[id.ID]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: follows")
	}
	if err := checkIDs(targets, "follows"); err != nil {
		return nil, err
	}
	out := make(map[id.ID]bool)
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	for _, t := range targets {
		if _, ok := r.s.follows[followPair{follower, t}]; ok {
			out[t] = true
		}
	}
	return out, nil
}
