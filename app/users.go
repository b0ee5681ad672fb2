package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// VisibleUser returns the account with that id if viewer may see it, and
// user.ErrNotFound otherwise (see user.User.VisibleTo): every route that
// names another user by id checks it the same way, so none tells that an
// unverified account exists.
func VisibleUser(ctx context.Context, users user.Repository, viewer, userID id.ID) (*user.User, error) {
	u, err := users.ByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !u.VisibleTo(viewer) {
		return nil, user.ErrNotFound
	}
	return u, nil
}
