package app

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// ChangePassword sets a new password after checking the old one, and ends
// every other session of the caller: whoever else held one must sign in with
// the new password.
func (a *App) ChangePassword(ctx context.Context, p Principal, oldPassword, newPassword string) error {
	if err := user.CheckPassword("newPassword", newPassword); err != nil {
		return err
	}
	u, err := a.users.ByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	switch err := a.hasher.Compare(u.PasswordHash(), oldPassword); {
	case errors.Is(err, ErrPasswordMismatch):
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

// ForgotPassword mails a reset code to a verified account. It answers the
// same whether or not the address is registered, so it reveals nothing; and
// it mails one address at most once a minute, so it cannot be used to flood
// a mailbox from many IPs.
func (a *App) ForgotPassword(ctx context.Context, email string) error {
	e, err := user.ParseEmail(email)
	if err != nil {
		return err
	}
	u, err := a.findUser(a.users.ByEmail(ctx, e))
	if err != nil || u == nil || !u.Verified() {
		return err
	}
	prev, err := a.codes.Get(ctx, u.ID(), user.PurposeReset)
	switch {
	case errors.Is(err, user.ErrCodeNotFound):
	case err != nil:
		return err
	case !prev.CanResend(a.now()):
		return nil
	}
	digits, err := a.issueCode(ctx, u, user.PurposeReset, "", true)
	if err != nil {
		return err
	}
	if err := a.mailCode(ctx, u.Email(), u.Username(), user.PurposeReset, digits); err != nil {
		// Reporting the failure would tell the caller the address exists.
		a.log.ErrorContext(ctx, "reset mail failed", "user_id", u.ID(), "err", err)
		a.restoreCode(ctx, u, user.PurposeReset, prev)
	}
	return nil
}

// ResetPassword sets a new password with a mailed reset code and ends every
// session of the account. An unknown address gets the same answer as an
// address without a code, so the route does not reveal who is registered.
func (a *App) ResetPassword(ctx context.Context, email, code, newPassword string) error {
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

// setPassword hashes password and stores it on the account. When checked
// is not empty, the stored hash must still be checked, the one the caller
// verified an old password against: a password changed meanwhile makes the
// old password wrong.
func (a *App) setPassword(ctx context.Context, uid id.ID, password, checked string) error {
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
