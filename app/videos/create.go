package videos

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// VideoView is a video with its owner, as lists and details show it, with
// its likes and, on a video's own page, whether the caller liked it. Lists
// of videos leave Liked false; the watch history, the liked videos and a
// video just written read no figures at all (Likes is zero), as none of
// them shows any. Owner is nil when the account is gone.
type VideoView struct {
	Video *video.Video
	Owner *user.User
	Likes int64
	Liked bool
}

// CreateVideoInput is a new video whose files were streamed in already.
type CreateVideoInput struct {
	Title       string
	Description *string
	Video       uploads.StoredMedia
	Thumbnail   uploads.StoredMedia
}

// CreateVideo records an uploaded video, unpublished, and claims its files
// for it. When the details are refused, or the row cannot be written, the
// files are deleted.
func (s *Service) CreateVideo(ctx context.Context, p app.Principal, in CreateVideoInput) (VideoView, error) {
	v, err := video.New(video.NewParams{
		ID: s.ids.New(), Owner: p.UserID,
		File:      video.Media{URL: in.Video.URL, Key: in.Video.Key},
		Thumbnail: video.Media{URL: in.Thumbnail.URL, Key: in.Thumbnail.Key},
		Title:     in.Title, Description: in.Description, Duration: in.Video.Duration, Now: s.now(),
	})
	if err != nil {
		s.uploads.LetGo(ctx, in.Video, in.Thumbnail)
		return VideoView{}, err
	}
	// Claimed first, then written: a crash in between leaves claimed keys
	// that no row took, which the sweeper deletes once it has checked.
	if err := s.uploads.Claim(ctx, in.Video, in.Thumbnail); err != nil {
		s.uploads.LetGo(ctx, in.Video, in.Thumbnail)
		return VideoView{}, err
	}
	if err := s.videos.Create(ctx, v); err != nil {
		s.uploads.Discard(ctx, in.Video.Key, in.Thumbnail.Key)
		return VideoView{}, err
	}
	owner, err := s.users.ByID(ctx, p.UserID)
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
func (s *Service) FinalizeVideo(ctx context.Context, p app.Principal, in FinalizeVideoInput) (VideoView, error) {
	if _, _, err := video.ParseDetails(in.Title, in.Description); err != nil {
		return VideoView{}, err
	}
	file, err := s.uploads.Check(ctx, p, uploads.KindVideo, in.VideoKey)
	if err != nil {
		return VideoView{}, err
	}
	thumb, err := s.uploads.Check(ctx, p, uploads.KindThumbnail, in.ThumbnailKey)
	if err != nil {
		return VideoView{}, err
	}
	return s.CreateVideo(ctx, p, CreateVideoInput{Title: in.Title, Description: in.Description, Video: file, Thumbnail: thumb})
}
