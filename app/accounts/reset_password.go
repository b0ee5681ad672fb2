package accounts

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// ResetPassword sets a new password with a mailed reset code and ends every
// session of the account. An unknown address gets the same answer as an
// address without a code, so the route does not reveal who is registered.
func (a *Service) ResetPassword(ctx context.Context, email, code, newPassword string) error {
	e, err := user.ParseEmail(email)
	if err != nil {
		return err
	}
	if err := user.CheckPassword("newPassword", newPassword); err != nil {
		return err
	}
	u, err := a.findUser(a.users.ByEmail(ctx, e))
	if err != nil {
		return err
	}
	if u == nil {
		return ErrResetCodeExpired
	}
	if _, err := a.useCode(ctx, u, user.PurposeReset, code, ErrResetCodeExpired, ErrResetCodeInvalid); err != nil {
		return err
	}
	if err := a.setPassword(ctx, u.ID(), newPassword, ""); err != nil {
		return err
	}
	if err := a.codes.Delete(ctx, u.ID(), user.PurposeReset); err != nil {
		return err
	}
	_, err = a.sessions.RevokeAll(ctx, u.ID(), id.Nil, a.now())
	return err
}
