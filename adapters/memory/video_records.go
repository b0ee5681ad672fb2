package memory

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// videoRecords reads video pages from the store's repositories, one after
// the other; the SQL stores read them in one statement.
type videoRecords struct{ s *Store }

var _ app.VideoRecords = videoRecords{}

func (r videoRecords) VideoRecord(ctx context.Context, videoID, viewer id.ID) (app.VideoRecord, error) {
	v, err := r.s.videos.ByID(ctx, videoID)
	if err != nil {
		return app.VideoRecord{}, err
	}
	owner, err := r.s.users.ByID(ctx, v.Owner())
	if errors.Is(err, user.ErrNotFound) {
		return app.VideoRecord{}, video.ErrNotFound
	}
	if err != nil {
		return app.VideoRecord{}, err
	}
	likes, liked, err := r.s.likes.Figures(ctx, viewer, like.OnVideo, []id.ID{videoID})
	if err != nil {
		return app.VideoRecord{}, err
	}
	counts, err := r.s.follows.Counts(ctx, []id.ID{v.Owner()})
	if err != nil {
		return app.VideoRecord{}, err
	}
	follows, err := r.s.follows.Follows(ctx, viewer, []id.ID{v.Owner()})
	if err != nil {
		return app.VideoRecord{}, err
	}
	return app.VideoRecord{
		Video:          v,
		Figures:        app.Figures{Owner: owner, Likes: likes[videoID], Liked: liked[videoID]},
		OwnerFollowers: counts[v.Owner()].Followers,
		CallerFollows:  follows[v.Owner()],
	}, nil
}

// VideoRecords returns the reader of video pages.
func (s *Store) VideoRecords() app.VideoRecords { return videoRecords{s} }
