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
// history records it.
func (s *Service) GetVideo(ctx context.Context, p app.Principal, videoID id.ID) (VideoDetail, error) {
	v, err := s.visibleVideo(ctx, p, videoID)
	if err != nil {
		return VideoDetail{}, err
	}
	now := s.now()
	if !v.OwnedBy(p.UserID) {
		_, views, err := s.videos.RecordView(ctx, v.ID(), p.UserID, now, s.set.ViewWindow)
		if err != nil {
			return VideoDetail{}, err
		}
		v.SetViews(views)
	}
	if err := s.history.Touch(ctx, p.UserID, v.ID(), now); err != nil {
		return VideoDetail{}, err
	}
	view, err := s.viewOf(ctx, p, v)
	if err != nil {
		return VideoDetail{}, err
	}
	if view.Owner == nil {
		return VideoDetail{}, video.ErrNotFound
	}
	counts, err := s.follows.Counts(ctx, []id.ID{v.Owner()})
	if err != nil {
		return VideoDetail{}, err
	}
	follows, err := s.follows.Follows(ctx, p.UserID, []id.ID{v.Owner()})
	if err != nil {
		return VideoDetail{}, err
	}
	return VideoDetail{VideoView: view, OwnerFollowers: counts[v.Owner()].Followers, CallerFollows: follows[v.Owner()]}, nil
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
