package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// ChangePassword sets a new password after checking the old one, and ends
// every other session of the caller: whoever else held one must sign in with
// the new password.
func (a *Service) ChangePassword(ctx context.Context, p app.Principal, oldPassword, newPassword string) error {
	if err := user.CheckPassword("newPassword", newPassword); err != nil {
		return err
	}
	u, err := a.users.ByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	switch err := a.hasher.Compare(u.PasswordHash(), oldPassword); {
	case errors.Is(err, app.ErrPasswordMismatch):
		return ErrOldPasswordWrong
	case err != nil:
		return err
	}
	if err := a.setPassword(ctx, u.ID(), newPassword, u.PasswordHash()); err != nil {
		return err
	}
	_, err = a.sessions.RevokeAll(ctx, u.ID(), p.SessionID, a.now())
	return err
}

// setPassword hashes password and stores it on the account. When checked
// is not empty, the stored hash must still be checked, the one the caller
// verified an old password against: a password changed meanwhile makes the
// old password wrong.
func (a *Service) setPassword(ctx context.Context, uid id.ID, password, checked string) error {
	hash, err := a.hasher.Hash(password)
	if err != nil {
		return err
	}
	_, err = a.users.Update(ctx, uid, func(u *user.User) error {
		if checked != "" && u.PasswordHash() != checked {
			return ErrOldPasswordWrong
		}
		u.SetPasswordHash(hash, a.now())
		return nil
	})
	return err
}
