package videos

import (
	"context"
	"errors"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// deleteTries bounds how often DeleteVideo removes the video's dependents
// again when new ones arrived (a viewer's history entry) between that
// removal and the video's own deletion; deletePause, doubled each time, is
// the wait before a new try. Once the video is hidden only requests that
// found it before can add dependents, and those finish within moments.
const (
	deleteTries = 5
	deletePause = 5 * time.Millisecond
)

// DeleteVideo deletes a video, what other aggregates hold of it, and its
// files, as steps that each can be run again (see the package comment):
// the video is unpublished, so that viewers arriving from now on find
// nothing to add to their history; the files' keys go to the trash, due a
// little later; every watch-history entry of the video goes; then the
// video itself with its counted views; then the files. A crash or a
// failure half-way leaves the video with its owner, unpublished and
// deletable again, and the sweeper never deletes a file a row still
// points at.
func (s *Service) DeleteVideo(ctx context.Context, p app.Principal, videoID id.ID) error {
	v, err := s.ownVideo(ctx, p, videoID, ErrNotYourVideoDelete)
	if err != nil {
		return err
	}
	if v.Published() {
		if _, err := s.changeVideo(ctx, p, v.ID(), func(v *video.Video) error {
			v.Unpublish(s.now())
			return nil
		}); err != nil {
			return err
		}
	}
	keys := []string{v.File().Key, v.Thumbnail().Key}
	if err := s.uploads.TrashFiles(ctx, keys...); err != nil {
		return err
	}
	err = s.deleteVideo(ctx, v.ID())
	if err != nil {
		if !errors.Is(err, video.ErrNotFound) {
			// The rows stay, so their files must too.
			s.uploads.KeepFiles(ctx, keys...)
		}
		return err
	}
	s.uploads.DeleteTrashed(ctx, keys...)
	return nil
}

// deleteVideo removes the video's dependents, then the video; when a
// dependent arrived in between, it starts over.
func (s *Service) deleteVideo(ctx context.Context, videoID id.ID) error {
	var err error
	pause := deletePause
	for try := range deleteTries {
		if try > 0 {
			select {
			case <-ctx.Done():
				return err
			case <-time.After(pause):
			}
			pause *= 2
		}
		if _, err = s.history.RemoveVideo(ctx, videoID); err != nil {
			return err
		}
		if err = s.videos.Delete(ctx, videoID); !errors.Is(err, video.ErrInUse) {
			return err
		}
	}
	return err
}
