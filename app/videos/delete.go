package videos

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

// DeleteVideo deletes a video, what other aggregates hold of it, and its
// files, as steps that each can be run again (see the package comment):
// the video is unpublished, so that viewers arriving from now on find
// nothing to add to their history, like or comment on; the files' keys go
// to the trash, due a little later; every watch-history entry, playlist
// entry, comment (with its likes) and like of the video goes; then the
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
	// Told even when it was unpublished already: a retry after a crash
	// must still empty the room.
	s.hidden(ctx, v)
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
// dependent arrived in between, it starts over (app.DeleteSteps).
func (s *Service) deleteVideo(ctx context.Context, videoID id.ID) error {
	return app.DeleteSteps(ctx, video.ErrInUse,
		func(ctx context.Context) error {
			if _, err := s.history.RemoveVideo(ctx, videoID); err != nil {
				return err
			}
			if _, err := s.playlists.RemoveVideoEverywhere(ctx, videoID); err != nil {
				return err
			}
			if err := s.comments.RemoveAllUnder(ctx, comment.Parent{Kind: comment.OnVideo, ID: videoID}); err != nil {
				return err
			}
			_, err := s.likes.RemoveAll(ctx, like.OnVideo, []id.ID{videoID})
			return err
		},
		func(ctx context.Context) error { return s.videos.Delete(ctx, videoID) })
}
