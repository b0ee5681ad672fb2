package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/user"
)

// LikeFigures are the likes of a page of targets: how many each has, and
// which the viewer liked.
type LikeFigures struct {
	Counts map[id.ID]int64
	Liked  map[id.ID]bool
}

// ReadLikeFigures reads the like figures of targets in one read, whatever
// their number, so that a page of a list costs the same for 1 item or 100.
func ReadLikeFigures(ctx context.Context, likes like.Repository, viewer id.ID, k like.Kind, targets []id.ID) (LikeFigures, error) {
	if len(targets) == 0 {
		return LikeFigures{Counts: map[id.ID]int64{}, Liked: map[id.ID]bool{}}, nil
	}
	counts, liked, err := likes.Figures(ctx, viewer, k, targets)
	if err != nil {
		return LikeFigures{}, err
	}
	return LikeFigures{Counts: counts, Liked: liked}, nil
}

// Authored is content that lists show with its author and likes: videos,
// comments, posts.
type Authored interface {
	ID() id.ID
	Owner() id.ID
}

// Figures are what a list shows beside an item: its author (nil when the
// account is gone), its likes, and whether the viewer liked it.
type Figures struct {
	Owner *user.User
	Likes int64
	Liked bool
}

// ReadFigures reads the figures of a page of items, each of kind k, in
// two reads whatever their number, and returns them in the items'
// order.
func ReadFigures[T Authored](ctx context.Context, users user.Repository, likes like.Repository, viewer id.ID, k like.Kind, items []T) ([]Figures, error) {
	ids := make([]id.ID, len(items))
	owners := make([]id.ID, len(items))
	for i, it := range items {
		ids[i], owners[i] = it.ID(), it.Owner()
	}
	authors, err := users.ByIDs(ctx, owners)
	if err != nil {
		return nil, err
	}
	lf, err := ReadLikeFigures(ctx, likes, viewer, k, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Figures, len(items))
	for i, it := range items {
		out[i] = Figures{Owner: authors[it.Owner()], Likes: lf.Counts[it.ID()], Liked: lf.Liked[it.ID()]}
	}
	return out, nil
}
