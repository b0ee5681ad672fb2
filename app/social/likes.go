package social

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/video"
)

// ToggleVideoLike likes a video the caller may see, or takes the like
// back; it returns whether the caller likes it afterwards.
func (s *Service) ToggleVideoLike(ctx context.Context, p app.Principal, videoID id.ID) (bool, error) {
	v, err := s.videos.ByID(ctx, videoID)
	if err != nil {
		return false, err
	}
	if !v.VisibleTo(p.UserID) {
		return false, video.ErrNotFound
	}
	return s.toggleLike(ctx, p, like.Target{Kind: like.OnVideo, ID: videoID}, video.ErrNotFound)
}

// ToggleCommentLike likes a comment the caller may see, or takes the like
// back.
func (s *Service) ToggleCommentLike(ctx context.Context, p app.Principal, commentID id.ID) (bool, error) {
	if _, err := s.comments.VisibleComment(ctx, p, commentID); err != nil {
		return false, err
	}
	return s.toggleLike(ctx, p, like.Target{Kind: like.OnComment, ID: commentID}, comment.ErrNotFound)
}

// TogglePostLike likes a community post, or takes the like back.
func (s *Service) TogglePostLike(ctx context.Context, p app.Principal, postID id.ID) (bool, error) {
	if _, err := s.posts.Post(ctx, postID); err != nil {
		return false, err
	}
	return s.toggleLike(ctx, p, like.Target{Kind: like.OnPost, ID: postID}, post.ErrNotFound)
}

// toggleLike removes the caller's like of t, or adds it when there was
// none; gone is the answer when t was deleted in between.
func (s *Service) toggleLike(ctx context.Context, p app.Principal, t like.Target, gone error) (bool, error) {
	removed, err := s.likes.Remove(ctx, p.UserID, t)
	if err != nil || removed {
		return false, err
	}
	_, err = s.likes.Add(ctx, like.Like{User: p.UserID, Target: t, CreatedAt: s.now()})
	if errors.Is(err, like.ErrTargetGone) {
		return false, gone
	}
	if err != nil {
		return false, err
	}
	return true, nil
}
