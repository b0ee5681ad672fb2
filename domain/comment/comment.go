// Package comment holds comments: what a user writes under a video or a
// community post.
package comment

import (
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/text"
)

// Content rules.
const (
	MaxContentLen      = 2000
	MsgContentRequired = "Comment Content is required"
	MsgContentTooLong  = "Comment must be at most 2000 characters"
)

// Errors of comments.
var (
	ErrNotFound = errs.Define(errs.NotFound, "comment.not_found", "Comment not found")
	// ErrParentGone answers storing a comment whose video or post is not
	// stored (deleted meanwhile).
	ErrParentGone = errs.Define(errs.NotFound, "comment.parent_gone", "Not found")
)

// ParentKind is what a comment is under.
type ParentKind uint8

// The kinds of parent.
const (
	OnVideo ParentKind = iota + 1
	OnPost
)

// Parent is the video or post a comment is under.
type Parent struct {
	Kind ParentKind
	ID   id.ID
}

// Comment is a comment. Its owner and parent never change.
type Comment struct {
	id        id.ID
	owner     id.ID
	parent    Parent
	content   string
	createdAt time.Time
	updatedAt time.Time
}

// NewParams are the inputs of a new comment.
type NewParams struct {
	ID      id.ID
	Owner   id.ID
	Parent  Parent
	Content string
	Now     time.Time
}

// ParseContent checks and trims comment text.
func ParseContent(s string) (string, error) {
	return text.Content("content", s, MaxContentLen, MsgContentRequired, MsgContentTooLong)
}

// New checks and creates a comment.
func New(p NewParams) (*Comment, error) {
	content, err := ParseContent(p.Content)
	if err != nil {
		return nil, err
	}
	if p.ID.IsZero() || p.Owner.IsZero() || p.Parent.ID.IsZero() || (p.Parent.Kind != OnVideo && p.Parent.Kind != OnPost) {
		return nil, errs.New(errs.Internal, "incomplete comment")
	}
	now := p.Now.UTC()
	return &Comment{id: p.ID, owner: p.Owner, parent: p.Parent, content: content, createdAt: now, updatedAt: now}, nil
}

// ID returns the comment id.
func (c *Comment) ID() id.ID { return c.id }

// Owner returns the author.
func (c *Comment) Owner() id.ID { return c.owner }

// Parent returns what the comment is under.
func (c *Comment) Parent() Parent { return c.parent }

// Content returns the text.
func (c *Comment) Content() string { return c.content }

// CreatedAt returns when it was written.
func (c *Comment) CreatedAt() time.Time { return c.createdAt }

// UpdatedAt returns the last edit.
func (c *Comment) UpdatedAt() time.Time { return c.updatedAt }

// OwnedBy reports whether u wrote the comment.
func (c *Comment) OwnedBy(u id.ID) bool { return c.owner == u }

// Edit replaces the text, with the rules of a new comment.
func (c *Comment) Edit(content string, now time.Time) error {
	t, err := ParseContent(content)
	if err != nil {
		return err
	}
	c.content, c.updatedAt = t, now.UTC()
	return nil
}

// Stored is the persisted form of a Comment, for repositories.
type Stored struct {
	ID, Owner            id.ID
	Parent               Parent
	Content              string
	CreatedAt, UpdatedAt time.Time
}

// Stored returns the persisted form of c.
func (c *Comment) Stored() Stored {
	return Stored{ID: c.id, Owner: c.owner, Parent: c.parent, Content: c.content, CreatedAt: c.createdAt, UpdatedAt: c.updatedAt}
}

// FromStored rebuilds a Comment read from a store.
func FromStored(s Stored) *Comment {
	return &Comment{id: s.ID, owner: s.Owner, parent: s.Parent, content: s.Content,
		createdAt: s.CreatedAt.UTC(), updatedAt: s.UpdatedAt.UTC()}
}
