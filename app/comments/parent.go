package comments

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/video"
)

// parentOwner checks that the parent exists for the caller and returns
// its owner: video.ErrNotFound for a video the caller may not see,
// post.ErrNotFound for a missing post.
func (s *Service) parentOwner(ctx context.Context, p app.Principal, parent comment.Parent) (id.ID, error) {
	switch parent.Kind {
	case comment.OnVideo:
		v, err := s.videos.ByID(ctx, parent.ID)
		if err != nil {
			return "", err
		}
		if !v.VisibleTo(p.UserID) {
			return "", video.ErrNotFound
		}
		return v.Owner(), nil
	case comment.OnPost:
		po, err := s.posts.ByID(ctx, parent.ID)
		if err != nil {
			return "", err
		}
		return po.Owner(), nil
	}
	return "", errors.New("comments: unknown parent kind")
}

// VisibleComment returns a comment whose parent the caller may see, or
// comment.ErrNotFound; liking a comment checks it.
func (s *Service) VisibleComment(ctx context.Context, p app.Principal, commentID id.ID) (*comment.Comment, error) {
	c, err := s.comments.ByID(ctx, commentID)
	if err != nil {
		return nil, err
	}
	if _, err := s.parentOwner(ctx, p, c.Parent()); err != nil {
		if errors.Is(err, video.ErrNotFound) || errors.Is(err, post.ErrNotFound) {
			return nil, comment.ErrNotFound
		}
		return nil, err
	}
	return c, nil
}

// parentGone maps a store's "parent gone" to the parent's own not found.
func parentGone(parent comment.Parent, err error) error {
	if !errors.Is(err, comment.ErrParentGone) {
		return err
	}
	if parent.Kind == comment.OnPost {
		return post.ErrNotFound.WithCause(err)
	}
	return video.ErrNotFound.WithCause(err)
}
