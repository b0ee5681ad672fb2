package comments

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// CommentOnVideo writes a comment under a video the caller may see.
func (s *Service) CommentOnVideo(ctx context.Context, p app.Principal, videoID id.ID, content string) (CommentView, error) {
	return s.create(ctx, p, comment.Parent{Kind: comment.OnVideo, ID: videoID}, content)
}

// CommentOnPost writes a comment under a community post.
func (s *Service) CommentOnPost(ctx context.Context, p app.Principal, postID id.ID, content string) (CommentView, error) {
	return s.create(ctx, p, comment.Parent{Kind: comment.OnPost, ID: postID}, content)
}

func (s *Service) create(ctx context.Context, p app.Principal, parent comment.Parent, content string) (CommentView, error) {
	// The parent is checked first, as the reference does: a comment on a
	// missing video is 404 whatever its text.
	if _, err := s.parentOwner(ctx, p, parent); err != nil {
		return CommentView{}, err
	}
	// The author is read before the write: once the comment is stored,
	// nothing may fail before its event is told.
	owner, err := s.users.ByID(ctx, p.UserID)
	if err != nil {
		return CommentView{}, err
	}
	// The id is taken under the lock, so that ids, the stored order and
	// the order of events agree.
	defer s.lock(parent)()
	c, err := comment.New(comment.NewParams{ID: s.ids.New(), Owner: p.UserID, Parent: parent, Content: content, Now: s.now()})
	if err != nil {
		return CommentView{}, err
	}
	if err := s.comments.Create(ctx, c); err != nil {
		return CommentView{}, parentGone(parent, err)
	}
	v := CommentView{Comment: c, Owner: owner}
	if s.events != nil && parent.Kind == comment.OnVideo {
		// The comment is stored: it is told even when the request that
		// wrote it has been cancelled meanwhile.
		s.events.Added(context.WithoutCancel(ctx), v)
	}
	return v, nil
}

// EditComment replaces the text of the caller's comment.
func (s *Service) EditComment(ctx context.Context, p app.Principal, commentID id.ID, content string) (*comment.Comment, error) {
	before, err := s.VisibleComment(ctx, p, commentID)
	if err != nil {
		return nil, err
	}
	// Only its author edits a comment: the author is the caller, read
	// before the write for the event.
	var owner *user.User
	if s.events != nil && before.Parent().Kind == comment.OnVideo {
		if owner, err = s.users.ByID(ctx, p.UserID); err != nil {
			return nil, err
		}
	}
	defer s.lock(before.Parent())()
	c, err := s.comments.Update(ctx, commentID, func(c *comment.Comment) error {
		if !c.OwnedBy(p.UserID) {
			return ErrNotYourComment
		}
		return c.Edit(content, s.now())
	})
	if err != nil || s.events == nil || c.Parent().Kind != comment.OnVideo {
		return c, err
	}
	s.events.Edited(context.WithoutCancel(ctx), CommentView{Comment: c, Owner: owner})
	return c, nil
}

// DeleteComment deletes a comment with its likes. Its author may, and so
// may the owner of the video or post it is under, who moderates what is
// written there.
func (s *Service) DeleteComment(ctx context.Context, p app.Principal, commentID id.ID) error {
	c, err := s.comments.ByID(ctx, commentID)
	if err != nil {
		return err
	}
	parentOwner, err := s.parentOwner(ctx, p, c.Parent())
	if errors.Is(err, video.ErrNotFound) || errors.Is(err, post.ErrNotFound) {
		return comment.ErrNotFound.WithCause(err)
	}
	if err != nil {
		return err
	}
	if !c.OwnedBy(p.UserID) && parentOwner != p.UserID {
		return ErrNotYourCommentDelete
	}
	defer s.lock(c.Parent())()
	// The store takes the comment's likes along in the same step, so
	// likes arriving meanwhile cannot hold the deletion up.
	if err := s.comments.Delete(ctx, c.ID()); err != nil {
		return err
	}
	if s.events != nil && c.Parent().Kind == comment.OnVideo {
		s.events.Removed(context.WithoutCancel(ctx), c)
	}
	return nil
}
