package memory

import (
	"context"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
)

// Posts is the in-memory post.Repository of a Store; get it from
// Store.Posts. A post's likes and comments (with theirs) go with it, as
// SQL's foreign keys make it.
type Posts struct{ s *social }

var _ post.Repository = (*Posts)(nil)

// Create stores p.
func (r *Posts) Create(ctx context.Context, p *post.Post) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: create post")
	}
	st := toStoredPost(p)
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.posts[st.ID]; ok {
		return errs.New(errs.Internal, "memory: duplicate post id "+st.ID.String())
	}
	r.s.posts[st.ID] = st
	return nil
}

// ByID returns the post.
func (r *Posts) ByID(ctx context.Context, pid id.ID) (*post.Post, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: post by id")
	}
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	st, ok := r.s.posts[pid]
	if !ok {
		return nil, post.ErrNotFound
	}
	return post.FromStored(st), nil
}

// Update runs change on a copy under the write lock and writes back the
// content and updated time only, as in SQL.
func (r *Posts) Update(ctx context.Context, pid id.ID, change func(*post.Post) error) (*post.Post, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: update post")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	st, ok := r.s.posts[pid]
	if !ok {
		return nil, post.ErrNotFound
	}
	p := post.FromStored(st)
	if err := change(p); err != nil {
		return nil, err
	}
	in := toStoredPost(p)
	st.Content, st.UpdatedAt = in.Content, in.UpdatedAt
	r.s.posts[pid] = st
	return post.FromStored(st), nil
}

// Delete removes the post with its likes, its comments and theirs under
// the write lock, so a like or comment either comes before and goes with
// it or finds the post gone. Comments under a post need no videos' lock.
func (r *Posts) Delete(ctx context.Context, pid id.ID) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: delete post")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.posts[pid]; !ok {
		return post.ErrNotFound
	}
	r.s.dropLikes(like.Target{Kind: like.OnPost, ID: pid})
	under := comment.Parent{Kind: comment.OnPost, ID: pid}
	for cid, c := range r.s.comments {
		if c.Parent == under {
			r.s.dropComment(cid)
		}
	}
	delete(r.s.posts, pid)
	return nil
}

// List returns a page of posts, newest first.
func (r *Posts) List(ctx context.Context, q post.Query) (list.Page[*post.Post], error) {
	if err := ctx.Err(); err != nil {
		return list.Page[*post.Post]{}, errs.Wrap(err, "memory: list posts")
	}
	var found []post.Stored
	r.s.mu.RLock()
	for _, st := range r.s.posts {
		if q.Owner.IsZero() || st.Owner == q.Owner {
			found = append(found, st)
		}
	}
	r.s.mu.RUnlock()
	page := window(found, func(st post.Stored) list.Position { return list.Position{At: st.CreatedAt, ID: st.ID} }, true, q.Window)
	out := list.Page[*post.Post]{Items: make([]*post.Post, len(page.Items)), Total: page.Total, More: page.More}
	for i, st := range page.Items {
		out.Items[i] = post.FromStored(st)
	}
	return out, nil
}

// toStoredPost copies p's persisted form at the stores' precision.
func toStoredPost(p *post.Post) post.Stored {
	st := p.Stored()
	st.CreatedAt, st.UpdatedAt = msUTC(st.CreatedAt), msUTC(st.UpdatedAt)
	return st
}
