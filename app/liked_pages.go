package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// LikedPages reads a page of the videos a user liked together with their
// owners: the list shows each video whole with its owner, and a store
// that joins the three in one read spares two round trips a page.
type LikedPages interface {
	// LikedPage returns the window w of the videos user liked and may
	// see (published, or theirs), most recently liked first, as
	// like.Repository.LikedVideos selects them, each read whole, and
	// their owners in their order. Of the owners a store may read the
	// public profile only (as Figures.Owner); an account that is gone is
	// nil.
	LikedPage(ctx context.Context, user id.ID, w list.Window) ([]*video.Video, []*user.User, error)
}

// LikedPagesOf reads the liked ids, then their videos and then their
// owners, for stores that have no single read for all three.
func LikedPagesOf(likes like.Repository, videos video.Repository, users user.Repository) LikedPages {
	return composedLiked{likes: likes, videos: videos, users: users}
}

type composedLiked struct {
	likes  like.Repository
	videos video.Repository
	users  user.Repository
}

// LikedPage reads the three in turn: a video deleted or hidden between
// the reads drops out.
func (c composedLiked) LikedPage(ctx context.Context, userID id.ID, w list.Window) ([]*video.Video, []*user.User, error) {
	ids, err := c.likes.LikedVideos(ctx, userID, w)
	if err != nil {
		return nil, nil, err
	}
	byID, err := c.videos.ByIDs(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	vs := make([]*video.Video, 0, len(ids))
	for _, vid := range ids {
		if v, ok := byID[vid]; ok && v.VisibleTo(userID) {
			vs = append(vs, v)
		}
	}
	owners, err := OwnersOf(ctx, c.users, vs)
	if err != nil {
		return nil, nil, err
	}
	return vs, owners, nil
}
