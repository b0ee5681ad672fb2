package comments

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
)

// removeBatch is how many comments RemoveAllUnder deletes per step: the
// ids of one step are one statement's parameters.
const removeBatch = 500

// RemoveAllUnder deletes every comment under parent with their likes,
// batch by batch, before the parent itself is deleted. Each step can run
// again; a comment written meanwhile is caught by a later batch, or makes
// the parent's deletion fail as "in use" so that the caller runs this
// again.
func (s *Service) RemoveAllUnder(ctx context.Context, parent comment.Parent) error {
	for {
		ids, err := s.comments.IDsUnder(ctx, parent, removeBatch)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := s.deleteIDs(ctx, ids, false); err != nil {
			return err
		}
	}
}

// deleteIDs removes the likes of the comments, then the comments; a like
// that arrives in between makes the store refuse, and the steps run again.
// single says that one comment was asked for, which must exist.
func (s *Service) deleteIDs(ctx context.Context, ids []id.ID, single bool) error {
	return app.DeleteSteps(ctx, comment.ErrInUse,
		func(ctx context.Context) error {
			_, err := s.likes.RemoveAll(ctx, like.OnComment, ids)
			return err
		},
		func(ctx context.Context) error {
			if single {
				return s.comments.Delete(ctx, ids[0])
			}
			_, err := s.comments.DeleteIDs(ctx, ids)
			if errors.Is(err, comment.ErrNotFound) {
				return nil
			}
			return err
		})
}
