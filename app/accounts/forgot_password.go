package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/user"
)

// ForgotPassword mails a reset code to a verified account. It answers the
// same whether or not the address is registered, so it reveals nothing; and
// it mails one address at most once a minute, so it cannot be used to flood
// a mailbox from many IPs.
func (a *Service) ForgotPassword(ctx context.Context, email string) error {
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
