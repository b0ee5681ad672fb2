package comments

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
)

// CheckVideo reports whether the caller may see a video's comments:
// video.ErrNotFound when the video is missing, or unpublished and not
// theirs.
func (s *Service) CheckVideo(ctx context.Context, p app.Principal, videoID id.ID) error {
	_, err := s.parentOwner(ctx, p, comment.Parent{Kind: comment.OnVideo, ID: videoID})
	return err
}

// Since returns the newest limit comments under a video the caller may see
// that came after the comment after (by id, which orders comments as they
// were written), oldest first, with their authors: what a live viewer
// missed while away.
func (s *Service) Since(ctx context.Context, p app.Principal, videoID, after id.ID, limit int) ([]CommentView, error) {
	parent := comment.Parent{Kind: comment.OnVideo, ID: videoID}
	if _, err := s.parentOwner(ctx, p, parent); err != nil {
		return nil, err
	}
	cs, err := s.comments.After(ctx, parent, after, limit)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	ids := make([]id.ID, len(cs))
	for i, c := range cs {
		ids[i] = c.Owner()
	}
	owners, err := s.users.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]CommentView, len(cs))
	for i, c := range cs {
		out[i] = CommentView{Comment: c, Owner: owners[c.Owner()]}
	}
	return out, nil
}
