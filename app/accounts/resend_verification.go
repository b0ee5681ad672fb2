package accounts

import (
	"context"

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
	return a.resendCode(ctx, u, user.PurposeVerify)
}
