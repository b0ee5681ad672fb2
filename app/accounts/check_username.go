package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/user"
)

// UsernameAvailable reports whether a handle can be taken: it is free, or
// held only by an account that was never verified.
func (a *Service) UsernameAvailable(ctx context.Context, username string) (bool, error) {
	name, err := user.ParseUsername(username)
	if err != nil {
		return false, err
	}
	u, err := a.users.ByUsername(ctx, name)
	if errors.Is(err, user.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return !u.Verified(), nil
}
