package app

import (
	"context"
	"fmt"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/user"
)

// Authored is content that lists show with its author and likes: videos,
// comments, posts.
type Authored interface {
	ID() id.ID
	Owner() id.ID
}

// Figures are what a list shows beside an item: its author (nil when the
// account is gone), its likes, and whether the viewer liked it.
type Figures struct {
	// Owner is the author's public profile: id, username, name and
	// profile image, all that lists show of an author. A store may leave
	// the rest of the account unread (zero), so nothing else is read from
	// it.
	Owner *user.User
	Likes int64
	Liked bool
}

// Item is a list item as its figures are read: what it is and who made
// it.
type Item struct {
	ID, Owner id.ID
}

// FigureReader reads what lists show beside their items. Every list page
// needs its items' authors and like figures together, so a store answers
// in one read rather than two.
type FigureReader interface {
	// Figures returns the figures of items, all of kind k, as viewer sees
	// them (Liked is false for the zero viewer), in the items' order, in
	// one read whatever their number, at most list.MaxIDs. An author that
	// is gone is nil.
	Figures(ctx context.Context, viewer id.ID, k like.Kind, items []Item) ([]Figures, error)
}

// ReadFigures reads the figures of a page of items, each of kind k, in one
// read whatever their number, and returns them in the items' order.
func ReadFigures[T Authored](ctx context.Context, r FigureReader, viewer id.ID, k like.Kind, items []T) ([]Figures, error) {
	if len(items) == 0 {
		return nil, nil
	}
	its := make([]Item, len(items))
	for i, it := range items {
		its[i] = Item{ID: it.ID(), Owner: it.Owner()}
	}
	figs, err := r.Figures(ctx, viewer, k, its)
	if err != nil {
		return nil, err
	}
	if len(figs) != len(items) {
		// The callers index the figures by their items'.
		return nil, errs.New(errs.Internal, fmt.Sprintf("app: %d figures for %d items", len(figs), len(items)))
	}
	return figs, nil
}
