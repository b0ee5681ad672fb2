package comment

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// Query selects the comments under one parent, newest first (by creation
// time, then id).
type Query struct {
	Parent Parent
	list.Window
}

// Repository stores comments.
type Repository interface {
	// Create stores a new comment; ErrParentGone when its parent is not
	// stored (a store that can tell: SQL's foreign keys do).
	Create(ctx context.Context, c *Comment) error
	// ByID returns a comment or ErrNotFound.
	ByID(ctx context.Context, id id.ID) (*Comment, error)
	// Update applies change to the stored comment atomically and writes
	// back its content and updated time; it returns the comment as
	// written, or change's error with nothing written, or ErrNotFound.
	// change must not do I/O.
	Update(ctx context.Context, id id.ID, change func(*Comment) error) (*Comment, error)
	// Delete removes the comment with its likes, in one step: a like
	// added meanwhile either goes with it or finds the comment gone
	// (like.ErrTargetGone), so no one can keep a comment from being
	// deleted. ErrNotFound when gone.
	Delete(ctx context.Context, id id.ID) error
	// List returns a page of the comments under a parent.
	List(ctx context.Context, q Query) (list.Page[*Comment], error)
	// After returns the newest limit comments under a parent that come
	// after the position (by creation time, then id), oldest first: what
	// a live viewer missed since the comment it saw last. limit is at
	// most list.MaxIDs.
	After(ctx context.Context, p Parent, after list.Position, limit int) ([]*Comment, error)
	// IDsUnder returns up to limit ids of comments under the parent, for
	// deleting them batch by batch before the parent goes.
	IDsUnder(ctx context.Context, p Parent, limit int) ([]id.ID, error)
	// DeleteIDs removes the comments with those ids that exist, with their
	// likes, in one step as Delete does, and returns how many.
	DeleteIDs(ctx context.Context, ids []id.ID) (int, error)
}
