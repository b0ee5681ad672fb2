package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
)

// LikeFigures are the likes of a page of targets: how many each has, and
// which the viewer liked.
type LikeFigures struct {
	Counts map[id.ID]int64
	Liked  map[id.ID]bool
}

// ReadLikeFigures reads the like figures of targets in two statements,
// whatever their number, so that a page of a list costs the same for 1
// item or 100.
func ReadLikeFigures(ctx context.Context, likes like.Repository, viewer id.ID, k like.Kind, targets []id.ID) (LikeFigures, error) {
	if len(targets) == 0 {
		return LikeFigures{Counts: map[id.ID]int64{}, Liked: map[id.ID]bool{}}, nil
	}
	counts, err := likes.Counts(ctx, k, targets)
	if err != nil {
		return LikeFigures{}, err
	}
	liked, err := likes.LikedBy(ctx, viewer, k, targets)
	if err != nil {
		return LikeFigures{}, err
	}
	return LikeFigures{Counts: counts, Liked: liked}, nil
}
