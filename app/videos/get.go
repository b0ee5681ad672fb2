package videos

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// VideoDetail is a video as its page shows it.
type VideoDetail struct {
	VideoView
	OwnerFollowers int64 // people following the owner
	CallerFollows  bool  // whether the caller follows the owner
}

// GetVideo shows a video to the caller. A viewer other than the owner adds
// a view, counted at most once per viewing window; every viewer's watch
// history records it. That is one write (video.History.Watch), which also
// refuses a video the caller may not see, then one read of the page
// (app.VideoRecords), which shows the view just counted.
func (s *Service) GetVideo(ctx context.Context, p app.Principal, videoID id.ID) (VideoDetail, error) {
	if err := s.history.Watch(ctx, p.UserID, videoID, s.now(), s.set.ViewWindow); err != nil {
		return VideoDetail{}, err
	}
	rec, err := s.records.VideoRecord(ctx, videoID, p.UserID)
	if err != nil {
		return VideoDetail{}, err
	}
	if !rec.Video.VisibleTo(p.UserID) {
		// Hidden since it was watched.
		return VideoDetail{}, video.ErrNotFound
	}
	return VideoDetail{
		VideoView:      VideoView{Video: rec.Video, Owner: rec.Owner, Likes: rec.Likes, Liked: rec.Liked},
		OwnerFollowers: rec.OwnerFollowers, CallerFollows: rec.CallerFollows,
	}, nil
}

// visibleVideo loads a video the caller may see: unpublished videos exist
// only for their owner.
func (s *Service) visibleVideo(ctx context.Context, p app.Principal, videoID id.ID) (*video.Video, error) {
	v, err := s.videos.ByID(ctx, videoID)
	if err != nil {
		return nil, err
	}
	if !v.VisibleTo(p.UserID) {
		return nil, video.ErrNotFound
	}
	return v, nil
}
