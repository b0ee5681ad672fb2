package videos

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// Refusals of changes to another user's video.
var (
	ErrNotYourVideo       = errs.Define(errs.Forbidden, "videos.not_yours", "You can only update your own videos")
	ErrNotYourVideoDelete = errs.Define(errs.Forbidden, "videos.not_yours_to_delete", "You are not authorized to delete this video")
)

// ownVideo loads a video the caller may change. Someone else's unpublished
// video does not exist for them (404); someone else's published one is
// forbidden (403).
func (s *Service) ownVideo(ctx context.Context, p app.Principal, videoID id.ID, forbidden *errs.Error) (*video.Video, error) {
	v, err := s.videos.ByID(ctx, videoID)
	if err != nil {
		return nil, err
	}
	return v, mayChange(p, v, forbidden)
}

// mayChange says whether the caller may change v, as ownVideo does; the
// update functions check it again on the row they lock.
func mayChange(p app.Principal, v *video.Video, forbidden *errs.Error) error {
	switch {
	case !v.VisibleTo(p.UserID):
		return video.ErrNotFound
	case !v.OwnedBy(p.UserID):
		return forbidden
	}
	return nil
}

// changeVideo applies change to the caller's video atomically, after
// checking on the locked row that the caller may change it.
func (s *Service) changeVideo(ctx context.Context, p app.Principal, videoID id.ID, change func(*video.Video) error) (*video.Video, error) {
	return s.videos.Update(ctx, videoID, func(v *video.Video) error {
		if err := mayChange(p, v, ErrNotYourVideo); err != nil {
			return err
		}
		return change(v)
	})
}

// CheckVideoOwner tells whether the caller may change the video, before a
// file is streamed for it.
func (s *Service) CheckVideoOwner(ctx context.Context, p app.Principal, videoID id.ID) error {
	_, err := s.ownVideo(ctx, p, videoID, ErrNotYourVideo)
	return err
}
