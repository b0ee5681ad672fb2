package videos

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// ReplaceThumbnail points the video at a new, already stored thumbnail and
// deletes the one it replaced, the one the locked row held. When the change
// fails the new file is deleted.
func (s *Service) ReplaceThumbnail(ctx context.Context, p app.Principal, videoID id.ID, thumb uploads.StoredMedia) (VideoView, error) {
	if _, err := s.ownVideo(ctx, p, videoID, ErrNotYourVideo); err != nil {
		s.uploads.LetGo(ctx, thumb)
		return VideoView{}, err
	}
	if err := s.uploads.Claim(ctx, thumb); err != nil {
		s.uploads.LetGo(ctx, thumb)
		return VideoView{}, err
	}
	var old video.Media
	v, err := s.changeVideo(ctx, p, videoID, func(v *video.Video) error {
		old = v.ReplaceThumbnail(video.Media{URL: thumb.URL, Key: thumb.Key}, s.now())
		return nil
	})
	if err != nil {
		s.uploads.Discard(ctx, thumb.Key)
		return VideoView{}, err
	}
	s.uploads.Discard(ctx, old.Key)
	return s.viewOf(ctx, v)
}

// ReplaceThumbnailFromUpload does ReplaceThumbnail with a direct upload.
func (s *Service) ReplaceThumbnailFromUpload(ctx context.Context, p app.Principal, videoID id.ID, key string) (VideoView, error) {
	if err := s.CheckVideoOwner(ctx, p, videoID); err != nil {
		return VideoView{}, err
	}
	thumb, err := s.uploads.Check(ctx, p, uploads.KindThumbnail, key)
	if err != nil {
		return VideoView{}, err
	}
	return s.ReplaceThumbnail(ctx, p, videoID, thumb)
}
