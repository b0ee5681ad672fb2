package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// OwnersOf reads the owners of items in one read whatever their number
// (at most list.MaxIDs, as user.Repository.ByIDs takes), and returns them
// in the items' order: nil for an account that is gone.
func OwnersOf[T Authored](ctx context.Context, users user.Repository, items []T) ([]*user.User, error) {
	ids := make([]id.ID, len(items))
	for i, it := range items {
		ids[i] = it.Owner()
	}
	byID, err := users.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*user.User, len(items))
	for i, it := range items {
		out[i] = byID[it.Owner()]
	}
	return out, nil
}
