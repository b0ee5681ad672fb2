package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// VideoView is a video with its owner, as lists and details show it. Owner
// is nil when the account is gone.
type VideoView struct {
	Video *video.Video
	Owner *user.User
}

// CreateVideoInput is a new video whose files were streamed in already.
type CreateVideoInput struct {
	Title       string
	Description *string
	Video       StoredMedia
	Thumbnail   StoredMedia
}

// CreateVideo records an uploaded video, unpublished, and claims its files
// for it. When the details are refused, or the row cannot be written, the
// files are deleted.
func (a *App) CreateVideo(ctx context.Context, p Principal, in CreateVideoInput) (VideoView, error) {
	v, err := video.New(video.NewParams{
		ID: a.ids.New(), Owner: p.UserID,
		File:      video.Media{URL: in.Video.URL, Key: in.Video.Key},
		Thumbnail: video.Media{URL: in.Thumbnail.URL, Key: in.Thumbnail.Key},
		Title:     in.Title, Description: in.Description, Duration: in.Video.Duration, Now: a.now(),
	})
	if err != nil {
		a.letGo(ctx, in.Video, in.Thumbnail)
		return VideoView{}, err
	}
	// Claimed first, then written: a crash in between leaves claimed keys
	// that no row took, which the sweeper deletes once it has checked.
	if err := a.claim(ctx, in.Video, in.Thumbnail); err != nil {
		a.letGo(ctx, in.Video, in.Thumbnail)
		return VideoView{}, err
	}
	if err := a.videos.Create(ctx, v); err != nil {
		a.discard(ctx, in.Video.Key, in.Thumbnail.Key)
		return VideoView{}, err
	}
	owner, err := a.users.ByID(ctx, p.UserID)
	if err != nil {
		return VideoView{}, err
	}
	return VideoView{Video: v, Owner: owner}, nil
}

// FinalizeVideoInput names two objects uploaded straight to storage.
type FinalizeVideoInput struct {
	Title        string
	Description  *string
	VideoKey     string
	ThumbnailKey string
}

// FinalizeVideo turns two direct uploads into a video, after checking them
// as streamed uploads are checked. Bad details are refused before the
// uploads are touched, so the client can correct them and try again; a
// video that passed its checks stays pending when the thumbnail fails
// its own, so it can be finalized with another thumbnail.
func (a *App) FinalizeVideo(ctx context.Context, p Principal, in FinalizeVideoInput) (VideoView, error) {
	if _, _, err := video.ParseDetails(in.Title, in.Description); err != nil {
		return VideoView{}, err
	}
	file, err := a.checkUpload(ctx, p, KindVideo, in.VideoKey)
	if err != nil {
		return VideoView{}, err
	}
	thumb, err := a.checkUpload(ctx, p, KindThumbnail, in.ThumbnailKey)
	if err != nil {
		return VideoView{}, err
	}
	return a.CreateVideo(ctx, p, CreateVideoInput{Title: in.Title, Description: in.Description, Video: file, Thumbnail: thumb})
}
