// Package post holds community posts: short texts a user publishes to
// everyone.
package post

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/text"
)

// Content rules.
const (
	MaxContentLen      = 5000
	MsgContentRequired = "Content is required"
	MsgContentTooLong  = "Content must be at most 5000 characters"
)

// Errors of posts.
var (
	ErrNotFound = errs.Define(errs.NotFound, "post.not_found", "Post not found")
)

// Post is a community post. Its owner never changes.
type Post struct {
	id        id.ID
	owner     id.ID
	content   string
	createdAt time.Time
	updatedAt time.Time
}

// ParseContent checks and trims post text.
func ParseContent(s string) (string, error) {
	return text.Content("content", s, MaxContentLen, MsgContentRequired, MsgContentTooLong)
}

// New checks and creates a post.
func New(pid, owner id.ID, content string, now time.Time) (*Post, error) {
	t, err := ParseContent(content)
	if err != nil {
		return nil, err
	}
	if pid.IsZero() || owner.IsZero() {
		return nil, errs.New(errs.Internal, "incomplete post")
	}
	now = now.UTC()
	return &Post{id: pid, owner: owner, content: t, createdAt: now, updatedAt: now}, nil
}

// ID returns the post id.
func (p *Post) ID() id.ID { return p.id }

// Owner returns the author.
func (p *Post) Owner() id.ID { return p.owner }

// Content returns the text.
func (p *Post) Content() string { return p.content }

// CreatedAt returns when it was published.
func (p *Post) CreatedAt() time.Time { return p.createdAt }

// UpdatedAt returns the last edit.
func (p *Post) UpdatedAt() time.Time { return p.updatedAt }

// OwnedBy reports whether u wrote the post.
func (p *Post) OwnedBy(u id.ID) bool { return p.owner == u }

// Edit replaces the text, with the rules of a new post.
func (p *Post) Edit(content string, now time.Time) error {
	t, err := ParseContent(content)
	if err != nil {
		return err
	}
	p.content, p.updatedAt = t, now.UTC()
	return nil
}

// Stored is the persisted form of a Post, for repositories.
type Stored struct {
	ID, Owner            id.ID
	Content              string
	CreatedAt, UpdatedAt time.Time
}

// Stored returns the persisted form of p.
func (p *Post) Stored() Stored {
	return Stored{ID: p.id, Owner: p.owner, Content: p.content, CreatedAt: p.createdAt, UpdatedAt: p.updatedAt}
}

// FromStored rebuilds a Post read from a store.
func FromStored(s Stored) *Post {
	return &Post{id: s.ID, owner: s.Owner, content: s.Content, createdAt: s.CreatedAt.UTC(), updatedAt: s.UpdatedAt.UTC()}
}

// Query selects posts, newest first (by creation time, then id): every
// user's, or Owner's when set.
type Query struct {
	Owner id.ID
	list.Window
}

// Repository stores posts.
type Repository interface {
	Create(ctx context.Context, p *Post) error
	// ByID returns a post or ErrNotFound.
	ByID(ctx context.Context, id id.ID) (*Post, error)
	// Update applies change to the stored post atomically and writes back
	// its content and updated time; it returns the post as written, or
	// change's error with nothing written, or ErrNotFound. change must not
	// do I/O.
	Update(ctx context.Context, id id.ID, change func(*Post) error) (*Post, error)
	// Delete removes the post with its likes, the comments under it and
	// their likes, in one step: a like or comment added meanwhile either
	// goes with it or finds the post gone (like.ErrTargetGone,
	// comment.ErrParentGone), so no one can keep a post from being
	// deleted. ErrNotFound when gone.
	Delete(ctx context.Context, id id.ID) error
	// List returns a page of posts.
	List(ctx context.Context, q Query) (list.Page[*Post], error)
}
