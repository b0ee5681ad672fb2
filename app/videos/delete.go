package videos

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// DeleteVideo deletes a video, what hangs off it, and its files. The files'
// keys go to the trash first, due a little later, and leave it when storage
// confirms: a crash or a storage failure is finished by the sweeper, which
// never deletes a file a row still points at.
func (s *Service) DeleteVideo(ctx context.Context, p app.Principal, videoID id.ID) error {
	v, err := s.ownVideo(ctx, p, videoID, ErrNotYourVideoDelete)
	if err != nil {
		return err
	}
	keys := []string{v.File().Key, v.Thumbnail().Key}
	if err := s.uploads.TrashFiles(ctx, keys...); err != nil {
		return err
	}
	if err := s.videos.Delete(ctx, v.ID()); err != nil {
		if !errors.Is(err, video.ErrNotFound) {
			// The rows stay, so their files must too.
			s.uploads.KeepFiles(ctx, keys...)
		}
		return err
	}
	s.uploads.DeleteTrashed(ctx, keys...)
	return nil
}
