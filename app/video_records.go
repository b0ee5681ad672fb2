package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// VideoRecord is a video with what its page shows beside it: its owner
// and likes (Figures), how many people follow the owner, and whether the
// viewer does.
type VideoRecord struct {
	Video *video.Video
	Figures
	OwnerFollowers int64
	CallerFollows  bool
}

// VideoRecords reads a video's page in one read: the page is the most
// visited one, and its parts (video, owner, likes, follows) would
// otherwise be six.
type VideoRecords interface {
	// VideoRecord returns the video as viewer sees its page, or
	// video.ErrNotFound when there is no such video or its owner is gone.
	// It does not check that viewer may see the video.
	VideoRecord(ctx context.Context, videoID, viewer id.ID) (VideoRecord, error)
}
