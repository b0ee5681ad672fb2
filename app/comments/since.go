package comments

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// CheckVideo reports whether the caller may see a video's comments:
// video.ErrNotFound when the video is missing, or unpublished and not
// theirs.
func (s *Service) CheckVideo(ctx context.Context, p app.Principal, videoID id.ID) error {
	_, err := s.parentOwner(ctx, p, comment.Parent{Kind: comment.OnVideo, ID: videoID})
	return err
}

// Since returns the newest limit comments under a video the caller may see
// that came after the comment after (by creation time, then id, as the
// lists order them), oldest first, with their authors: what a live viewer
// missed while away.
func (s *Service) Since(ctx context.Context, p app.Principal, videoID, after id.ID, limit int) ([]CommentView, error) {
	parent := comment.Parent{Kind: comment.OnVideo, ID: videoID}
	if _, err := s.parentOwner(ctx, p, parent); err != nil {
		return nil, err
	}
	cs, err := s.comments.After(ctx, parent, s.positionOf(ctx, parent, after), limit)
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

// positionOf is the place of comment after under parent: its creation
// time and id. A comment deleted meanwhile, or of another parent, is
// placed at the second its id was made, the time ids carry.
func (s *Service) positionOf(ctx context.Context, parent comment.Parent, after id.ID) list.Position {
	if c, err := s.comments.ByID(ctx, after); err == nil && c.Parent() == parent {
		return list.Position{At: c.CreatedAt(), ID: after}
	}
	return list.Position{At: after.Time(), ID: after}
}
