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

// CreateVideo records an uploaded video, unpublished. When the details are
// refused the stored files are deleted.
func (a *App) CreateVideo(ctx context.Context, p Principal, in CreateVideoInput) (VideoView, error) {
	v, err := video.New(video.NewParams{
		ID: a.ids.New(), Owner: p.UserID,
		File:      video.Media{URL: in.Video.URL, Key: in.Video.Key},
		Thumbnail: video.Media{URL: in.Thumbnail.URL, Key: in.Thumbnail.Key},
		Title:     in.Title, Description: in.Description, Duration: in.Video.Duration, Now: a.now(),
	})
	if err == nil {
		err = a.videos.Create(ctx, v)
	}
	if err != nil {
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
// uploads are touched, so the client can correct them and try again.
func (a *App) FinalizeVideo(ctx context.Context, p Principal, in FinalizeVideoInput) (VideoView, error) {
	if _, _, err := video.ParseDetails(in.Title, in.Description); err != nil {
		return VideoView{}, err
	}
	file, err := a.claimUpload(ctx, p, KindVideo, in.VideoKey)
	if err != nil {
		return VideoView{}, err
	}
	thumb, err := a.claimUpload(ctx, p, KindThumbnail, in.ThumbnailKey)
	if err != nil {
		// The video passed its checks: keep it for a retry with another
		// thumbnail rather than make the client upload it again.
		a.unclaim(ctx, file.Key)
		return VideoView{}, err
	}
	return a.CreateVideo(ctx, p, CreateVideoInput{Title: in.Title, Description: in.Description, Video: file, Thumbnail: thumb})
}
