package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/user"
)

// ResendVerification mails a new verification code, at most once a minute
// per address. The code sent at sign-up does not count, so asking again
// right after signing up works.
func (a *Service) ResendVerification(ctx context.Context, email string) error {
	u, err := a.unverified(ctx, email)
	if err != nil {
		return err
	}
	prev, err := a.codes.Get(ctx, u.ID(), user.PurposeVerify)
	switch {
	case errors.Is(err, user.ErrCodeNotFound):
	case err != nil:
		return err
	case !prev.CanResend(a.now()):
		return user.ErrResendTooSoon
	}
	digits, err := a.issueCode(ctx, u, user.PurposeVerify, "", true)
	if err != nil {
		return err
	}
	if err := a.mailCode(ctx, u.Email(), u.Username(), user.PurposeVerify, digits); err != nil {
		a.log.ErrorContext(ctx, "verification mail failed", "user_id", u.ID(), "err", err)
		a.restoreCode(ctx, u, user.PurposeVerify, prev)
		return ErrMailFailed.WithCause(err)
	}
	return nil
}
