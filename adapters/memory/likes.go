package memory

import (
	"context"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
)

// Likes is the in-memory like.Repository of a Store; get it from
// Store.Likes. A like needs its target stored, as SQL's foreign keys make
// it, so it checks the videos, comments and posts of the same Store.
type Likes struct{ s *social }

var _ like.Repository = (*Likes)(nil)

// Add stores the like unless its pair is stored. A like of a video holds
// the videos' read lock while it writes (lock order: see social), so the
// video cannot be deleted between the check and the write.
func (r *Likes) Add(ctx context.Context, l like.Like) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: add like")
	}
	if l.Target.Kind == like.OnVideo {
		r.s.videos.mu.RLock()
		defer r.s.videos.mu.RUnlock()
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if !r.targetExists(l.Target) {
		return false, like.ErrTargetGone
	}
	key := likeKey{l.User, l.Target}
	if _, ok := r.s.likes[key]; ok {
		return false, nil
	}
	r.s.likes[key] = msUTC(l.CreatedAt)
	return true, nil
}

// targetExists reports whether t is stored. Callers hold the social lock,
// and the videos' lock for a video.
func (r *Likes) targetExists(t like.Target) bool {
	var ok bool
	switch t.Kind {
	case like.OnVideo:
		_, ok = r.s.videos.byID[t.ID]
	case like.OnComment:
		_, ok = r.s.comments[t.ID]
	case like.OnPost:
		_, ok = r.s.posts[t.ID]
	}
	return ok
}

// Remove deletes the pair.
func (r *Likes) Remove(ctx context.Context, user id.ID, t like.Target) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: remove like")
	}
	key := likeKey{user, t}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.likes[key]; !ok {
		return false, nil
	}
	delete(r.s.likes, key)
	return true, nil
}

// Counts counts the likes of each target, zero ones included.
func (r *Likes) Counts(ctx context.Context, k like.Kind, targets []id.ID) (map[id.ID]int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: count likes")
	}
	if err := checkIDs(targets, "count likes"); err != nil {
		return nil, err
	}
	out := make(map[id.ID]int64, len(targets))
	for _, t := range targets {
		out[t] = 0
	}
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	for key := range r.s.likes {
		if n, ok := out[key.target.ID]; ok && key.target.Kind == k {
			out[key.target.ID] = n + 1
		}
	}
	return out, nil
}

// LikedBy returns the targets user liked; the others are absent.
func (r *Likes) LikedBy(ctx context.Context, user id.ID, k like.Kind, targets []id.ID) (map[id.ID]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: liked by")
	}
	if err := checkIDs(targets, "liked by"); err != nil {
		return nil, err
	}
	out := make(map[id.ID]bool)
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	for _, t := range targets {
		if _, ok := r.s.likes[likeKey{user, like.Target{Kind: k, ID: t}}]; ok {
			out[t] = true
		}
	}
	return out, nil
}

// Figures is Counts then LikedBy.
func (r *Likes) Figures(ctx context.Context, viewer id.ID, k like.Kind, targets []id.ID) (map[id.ID]int64, map[id.ID]bool, error) {
	counts, err := r.Counts(ctx, k, targets)
	if err != nil {
		return nil, nil, err
	}
	liked, err := r.LikedBy(ctx, viewer, k, targets)
	if err != nil {
		return nil, nil, err
	}
	return counts, liked, nil
}

// RemoveAll deletes every like of the targets.
func (r *Likes) RemoveAll(ctx context.Context, k like.Kind, targets []id.ID) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: remove likes")
	}
	if err := checkIDs(targets, "remove likes"); err != nil {
		return 0, err
	}
	gone := make(map[like.Target]bool, len(targets))
	for _, t := range targets {
		gone[like.Target{Kind: k, ID: t}] = true
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	n := 0
	for key := range r.s.likes {
		if gone[key.target] {
			delete(r.s.likes, key)
			n++
		}
	}
	return n, nil
}

// LikedVideos returns the videos user liked and may see, most recently
// liked first, ties by video id in the same direction; a position to
// continue after is (liked at, video id).
func (r *Likes) LikedVideos(ctx context.Context, user id.ID, w list.Window) ([]id.ID, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: liked videos")
	}
	var found []list.Position
	r.s.videos.mu.RLock()
	r.s.mu.RLock()
	for key, at := range r.s.likes {
		if key.user != user || key.target.Kind != like.OnVideo {
			continue
		}
		if v, ok := r.s.videos.byID[key.target.ID]; ok && (v.Published || v.Owner == user) {
			found = append(found, list.Position{At: at, ID: key.target.ID})
		}
	}
	r.s.mu.RUnlock()
	r.s.videos.mu.RUnlock()
	page := window(found, func(p list.Position) list.Position { return p }, true, w)
	out := make([]id.ID, len(page.Items))
	for i, p := range page.Items {
		out[i] = p.ID
	}
	return out, nil
}

// OnVideosOf counts the likes of owner's videos, or of the published ones.
func (r *Likes) OnVideosOf(ctx context.Context, owner id.ID, publishedOnly bool) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: likes of videos")
	}
	r.s.videos.mu.RLock()
	defer r.s.videos.mu.RUnlock()
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	var n int64
	for key := range r.s.likes {
		if key.target.Kind != like.OnVideo {
			continue
		}
		if v, ok := r.s.videos.byID[key.target.ID]; ok && v.Owner == owner && (v.Published || !publishedOnly) {
			n++
		}
	}
	return n, nil
}
