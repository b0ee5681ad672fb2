package accounts

import (
	"context"

	"github.com/stagecast/stagecast/domain/user"
)

// VerifyAccount confirms the address of a new account with the mailed code.
// It does not sign the user in.
func (a *Service) VerifyAccount(ctx context.Context, email, code string) error {
	u, err := a.unverified(ctx, email)
	if err != nil {
		return err
	}
	if _, err := a.useCode(ctx, u, user.PurposeVerify, code, ErrVerifyCodeExpired, ErrVerifyCodeInvalid); err != nil {
		return err
	}
	_, err = a.users.Update(ctx, u.ID(), func(u *user.User) error {
		if u.Verified() {
			return ErrAlreadyVerified
		}
		u.Verify(a.now())
		return nil
	})
	if err != nil {
		return err
	}
	return a.codes.Delete(ctx, u.ID(), user.PurposeVerify)
}

// unverified finds the account of an address that is still to be verified.
func (a *Service) unverified(ctx context.Context, email string) (*user.User, error) {
	e, err := user.ParseEmail(email)
	if err != nil {
		return nil, err
	}
	u, err := a.users.ByEmail(ctx, e)
	if err != nil {
		return nil, err
	}
	if u.Verified() {
		return nil, ErrAlreadyVerified
	}
	return u, nil
}
