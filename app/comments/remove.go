package comments

import (
	"context"

	"github.com/stagecast/stagecast/domain/comment"
)

// removeBatch is how many comments RemoveAllUnder deletes per step: the
// ids of one step are one statement's parameters.
const removeBatch = 500

// RemoveAllUnder deletes every comment under parent with their likes,
// batch by batch, before the parent itself is deleted. Each batch goes in
// one step with its likes (comment.Repository.DeleteIDs) and can run
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
		if _, err := s.comments.DeleteIDs(ctx, ids); err != nil {
			return err
		}
	}
}
