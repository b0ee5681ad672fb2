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
	switch err := a.resendCode(ctx, u, user.PurposeReset); {
	case errors.Is(err, user.ErrResendTooSoon), errors.Is(err, ErrMailFailed):
		// Saying so would tell the caller the address exists.
		return nil
	default:
		return err
	}
}
