package app

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// Refusals of changes to another user's video.
var (
	ErrNotYourVideo       = errs.New(errs.Forbidden, "You can only update your own videos")
	ErrNotYourVideoDelete = errs.New(errs.Forbidden, "You are not authorized to delete this video")
)

// ownVideo loads a video the caller may change. Someone else's unpublished
// video does not exist for them (404); someone else's published one is
// forbidden (403).
func (a *App) ownVideo(ctx context.Context, p Principal, videoID id.ID, forbidden *errs.Error) (*video.Video, error) {
	v, err := a.videos.ByID(ctx, videoID)
	if err != nil {
		return nil, err
	}
	return v, mayChange(p, v, forbidden)
}

// mayChange says whether the caller may change v, as ownVideo does; the
// update functions check it again on the row they lock.
func mayChange(p Principal, v *video.Video, forbidden *errs.Error) error {
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
func (a *App) changeVideo(ctx context.Context, p Principal, videoID id.ID, change func(*video.Video) error) (*video.Video, error) {
	return a.videos.Update(ctx, videoID, func(v *video.Video) error {
		if err := mayChange(p, v, ErrNotYourVideo); err != nil {
			return err
		}
		return change(v)
	})
}

// CheckVideoOwner tells whether the caller may change the video, before a
// file is streamed for it.
func (a *App) CheckVideoOwner(ctx context.Context, p Principal, videoID id.ID) error {
	_, err := a.ownVideo(ctx, p, videoID, ErrNotYourVideo)
	return err
}

// UpdateVideo changes the title and, when given, the description.
func (a *App) UpdateVideo(ctx context.Context, p Principal, videoID id.ID, title string, description *string) (VideoView, error) {
	v, err := a.changeVideo(ctx, p, videoID, func(v *video.Video) error {
		return v.Edit(title, description, a.now())
	})
	if err != nil {
		return VideoView{}, err
	}
	return a.viewOf(ctx, v)
}

// TogglePublish flips the publish state and returns the new one.
func (a *App) TogglePublish(ctx context.Context, p Principal, videoID id.ID) (bool, error) {
	var published bool
	_, err := a.changeVideo(ctx, p, videoID, func(v *video.Video) error {
		published = v.TogglePublished(a.now())
		return nil
	})
	return published, err
}

// ReplaceThumbnail points the video at a new, already stored thumbnail and
// deletes the one it replaced, the one the locked row held. When the change
// fails the new file is deleted.
func (a *App) ReplaceThumbnail(ctx context.Context, p Principal, videoID id.ID, thumb StoredMedia) (VideoView, error) {
	if _, err := a.ownVideo(ctx, p, videoID, ErrNotYourVideo); err != nil {
		a.letGo(ctx, thumb)
		return VideoView{}, err
	}
	if err := a.claim(ctx, thumb); err != nil {
		a.letGo(ctx, thumb)
		return VideoView{}, err
	}
	var old video.Media
	v, err := a.changeVideo(ctx, p, videoID, func(v *video.Video) error {
		old = v.ReplaceThumbnail(video.Media{URL: thumb.URL, Key: thumb.Key}, a.now())
		return nil
	})
	if err != nil {
		a.discard(ctx, thumb.Key)
		return VideoView{}, err
	}
	a.discard(ctx, old.Key)
	return a.viewOf(ctx, v)
}

// ReplaceThumbnailFromUpload does ReplaceThumbnail with a direct upload.
func (a *App) ReplaceThumbnailFromUpload(ctx context.Context, p Principal, videoID id.ID, key string) (VideoView, error) {
	if err := a.CheckVideoOwner(ctx, p, videoID); err != nil {
		return VideoView{}, err
	}
	thumb, err := a.checkUpload(ctx, p, KindThumbnail, key)
	if err != nil {
		return VideoView{}, err
	}
	return a.ReplaceThumbnail(ctx, p, videoID, thumb)
}

// DeleteVideo deletes a video, what hangs off it, and its files. The files'
// keys go to the trash first, due a little later, and leave it when storage
// confirms: a crash or a storage failure is finished by the sweeper, which
// never deletes a file a row still points at.
func (a *App) DeleteVideo(ctx context.Context, p Principal, videoID id.ID) error {
	v, err := a.ownVideo(ctx, p, videoID, ErrNotYourVideoDelete)
	if err != nil {
		return err
	}
	keys := []string{v.File().Key, v.Thumbnail().Key}
	if err := a.trash.Add(ctx, a.now().Add(deleteGrace), keys...); err != nil {
		return err
	}
	if err := a.videos.Delete(ctx, v.ID()); err != nil {
		if !errors.Is(err, video.ErrNotFound) {
			// The rows stay, so their files must too.
			if rerr := a.trash.Cancel(context.WithoutCancel(ctx), a.now().Add(claimConfirm), keys...); rerr != nil {
				a.log.ErrorContext(ctx, "untrashing the files of a video that stays", "video_id", v.ID(), "err", rerr)
			}
		}
		return err
	}
	a.deleteTrashed(ctx, keys...)
	return nil
}

// viewOf pairs a video with its owner.
func (a *App) viewOf(ctx context.Context, v *video.Video) (VideoView, error) {
	views, err := a.withOwners(ctx, []*video.Video{v})
	if err != nil {
		return VideoView{}, err
	}
	return views[0], nil
}
