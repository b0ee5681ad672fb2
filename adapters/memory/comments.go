package memory

import (
	"cmp"
	"context"
	"slices"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// Comments is the in-memory comment.Repository of a Store; get it from
// Store.Comments. A comment needs its video or post stored, and its likes
// go with it, as SQL's foreign keys make it.
type Comments struct{ s *social }

var _ comment.Repository = (*Comments)(nil)

// Create stores c under its parent. A comment under a video holds the
// videos' read lock while it writes (lock order: see social), so the video
// cannot be deleted between the check and the write.
func (r *Comments) Create(ctx context.Context, c *comment.Comment) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: create comment")
	}
	st := toStoredComment(c)
	if st.Parent.Kind == comment.OnVideo {
		r.s.videos.mu.RLock()
		defer r.s.videos.mu.RUnlock()
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.comments[st.ID]; ok {
		return errs.New(errs.Internal, "memory: duplicate comment id "+st.ID.String())
	}
	var parentStored bool
	switch st.Parent.Kind {
	case comment.OnVideo:
		_, parentStored = r.s.videos.byID[st.Parent.ID]
	case comment.OnPost:
		_, parentStored = r.s.posts[st.Parent.ID]
	}
	if !parentStored {
		return comment.ErrParentGone
	}
	r.s.comments[st.ID] = st
	return nil
}

// ByID returns the comment.
func (r *Comments) ByID(ctx context.Context, cid id.ID) (*comment.Comment, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: comment by id")
	}
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	st, ok := r.s.comments[cid]
	if !ok {
		return nil, comment.ErrNotFound
	}
	return comment.FromStored(st), nil
}

// Update runs change on a copy under the write lock and writes back the
// content and updated time only: owner, parent and creation time are the
// store's, as in SQL.
func (r *Comments) Update(ctx context.Context, cid id.ID, change func(*comment.Comment) error) (*comment.Comment, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: update comment")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	st, ok := r.s.comments[cid]
	if !ok {
		return nil, comment.ErrNotFound
	}
	c := comment.FromStored(st)
	if err := change(c); err != nil {
		return nil, err
	}
	in := toStoredComment(c)
	st.Content, st.UpdatedAt = in.Content, in.UpdatedAt
	r.s.comments[cid] = st
	return comment.FromStored(st), nil
}

// Delete removes the comment with its likes under the write lock, so a
// like either comes before and goes with it or finds it gone.
func (r *Comments) Delete(ctx context.Context, cid id.ID) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: delete comment")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if !r.s.dropComment(cid) {
		return comment.ErrNotFound
	}
	return nil
}

// List returns a page of the comments under q.Parent, newest first.
func (r *Comments) List(ctx context.Context, q comment.Query) (list.Page[*comment.Comment], error) {
	if err := ctx.Err(); err != nil {
		return list.Page[*comment.Comment]{}, errs.Wrap(err, "memory: list comments")
	}
	var found []comment.Stored
	r.s.mu.RLock()
	for _, st := range r.s.comments {
		if st.Parent == q.Parent {
			found = append(found, st)
		}
	}
	r.s.mu.RUnlock()
	page := window(found, func(st comment.Stored) list.Position { return list.Position{At: st.CreatedAt, ID: st.ID} }, true, q.Window)
	out := list.Page[*comment.Comment]{Items: make([]*comment.Comment, len(page.Items)), Total: page.Total, More: page.More}
	for i, st := range page.Items {
		out.Items[i] = comment.FromStored(st)
	}
	return out, nil
}

// After returns the newest limit comments under p past the position,
// oldest first.
func (r *Comments) After(ctx context.Context, p comment.Parent, after list.Position, limit int) ([]*comment.Comment, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: comments after")
	}
	at := msUTC(after.At)
	var found []comment.Stored
	r.s.mu.RLock()
	for _, st := range r.s.comments {
		if st.Parent == p && (st.CreatedAt.After(at) || st.CreatedAt.Equal(at) && st.ID > after.ID) {
			found = append(found, st)
		}
	}
	r.s.mu.RUnlock()
	slices.SortFunc(found, func(a, b comment.Stored) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	found = found[len(found)-min(len(found), max(limit, 0), list.MaxIDs):]
	out := make([]*comment.Comment, len(found))
	for i, st := range found {
		out[i] = comment.FromStored(st)
	}
	return out, nil
}

// IDsUnder returns up to limit ids of comments under p (at most
// list.MaxIDs, the most DeleteIDs takes), lowest first.
func (r *Comments) IDsUnder(ctx context.Context, p comment.Parent, limit int) ([]id.ID, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: comment ids")
	}
	var ids []id.ID
	r.s.mu.RLock()
	for _, st := range r.s.comments {
		if st.Parent == p {
			ids = append(ids, st.ID)
		}
	}
	r.s.mu.RUnlock()
	slices.SortFunc(ids, cmp.Compare[id.ID])
	return ids[:min(len(ids), max(limit, 0), list.MaxIDs)], nil
}

// DeleteIDs removes the comments that exist among ids with their likes,
// all under one write lock as Delete does.
func (r *Comments) DeleteIDs(ctx context.Context, ids []id.ID) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: delete comments")
	}
	if err := checkIDs(ids, "delete comments"); err != nil {
		return 0, err
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	n := 0
	for _, cid := range ids {
		if r.s.dropComment(cid) {
			n++
		}
	}
	return n, nil
}

// toStoredComment copies c's persisted form at the stores' precision.
func toStoredComment(c *comment.Comment) comment.Stored {
	st := c.Stored()
	st.CreatedAt, st.UpdatedAt = msUTC(st.CreatedAt), msUTC(st.UpdatedAt)
	return st
}
