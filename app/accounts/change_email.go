package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/user"
)

// Errors of changing the email.
var (
	ErrEmailInUse       = errs.Define(errs.Conflict, "accounts.email_in_use", "Email is already in use").ForField("email")
	ErrEmailCodeExpired = errs.Define(errs.Invalid, "accounts.email_code_expired", "Verification code expired. Please request a new one").ForField("code")
	ErrEmailCodeInvalid = errs.Define(errs.Invalid, "accounts.email_code_invalid", "Invalid verification code").ForField("code")
)

// EmailChange is what RequestEmailChange did.
type EmailChange struct {
	// Sent tells that a code went to the new address; false when the
	// address already was the account's, which changes nothing.
	Sent bool
	// User is the account as it is.
	User *user.User
}

// RequestEmailChange mails a code to the new address; the address changes
// only when the code comes back (ConfirmEmailChange), so that a stolen
// session cannot move the account to an address its owner does not read.
// Asking for the address the account has already succeeds and sends
// nothing. Requests for one user are a minute apart at least.
func (a *Service) RequestEmailChange(ctx context.Context, p app.Principal, email string) (EmailChange, error) {
	e, err := user.ParseEmail(email)
	if err != nil {
		return EmailChange{}, err
	}
	u, err := a.users.ByID(ctx, p.UserID)
	if err != nil {
		return EmailChange{}, a.sessionUserErr(err)
	}
	if u.Email() == e {
		return EmailChange{User: u}, nil
	}
	if err := a.emailFree(ctx, u, e); err != nil {
		return EmailChange{}, err
	}
	return EmailChange{Sent: true, User: u}, a.mailEmailCode(ctx, u, e)
}

// mailEmailCode mails u a code that moves the account to e.
func (a *Service) mailEmailCode(ctx context.Context, u *user.User, e user.Email) error {
	prev, err := a.codes.Get(ctx, u.ID(), user.PurposeEmailChange)
	switch {
	case errors.Is(err, user.ErrCodeNotFound):
	case err != nil:
		return err
	case !prev.CanResend(a.now()):
		return user.ErrResendTooSoon
	}
	digits, err := a.issueCode(ctx, u, user.PurposeEmailChange, e, true)
	if err != nil {
		return err
	}
	if err := a.mailCode(ctx, e, u.Username(), user.PurposeEmailChange, digits); err != nil {
		a.log.ErrorContext(ctx, "code mail failed", "purpose", user.PurposeEmailChange, "user_id", u.ID(), "err", err)
		a.restoreCode(ctx, u, user.PurposeEmailChange, prev)
		return ErrMailFailed.WithCause(err)
	}
	return nil
}

// ConfirmEmailChange moves the caller's account to the address the code
// was mailed to, and returns the account as changed.
func (a *Service) ConfirmEmailChange(ctx context.Context, p app.Principal, code string) (*user.User, error) {
	u, err := a.users.ByID(ctx, p.UserID)
	if err != nil {
		return nil, a.sessionUserErr(err)
	}
	c, err := a.useCode(ctx, u, user.PurposeEmailChange, code, ErrEmailCodeExpired, ErrEmailCodeInvalid)
	if err != nil {
		return nil, err
	}
	// The address may have been taken since the code was sent; the store's
	// unique index settles a race with a sign-up.
	if err := a.emailFree(ctx, u, c.Target); err != nil {
		return nil, err
	}
	out, err := a.users.Update(ctx, u.ID(), func(u *user.User) error {
		u.ChangeEmail(c.Target, a.now())
		return nil
	})
	if errors.Is(err, user.ErrEmailTaken) {
		return nil, ErrEmailInUse.WithCause(err)
	}
	if err != nil {
		return nil, err
	}
	if err := a.codes.Delete(ctx, u.ID(), user.PurposeEmailChange); err != nil {
		a.log.ErrorContext(ctx, "deleting used code", "user_id", u.ID(), "err", err)
	}
	return out, nil
}

// emailFree checks that no other account holds e.
func (a *Service) emailFree(ctx context.Context, u *user.User, e user.Email) error {
	other, err := a.users.ByEmail(ctx, e)
	switch {
	case errors.Is(err, user.ErrNotFound):
		return nil
	case err != nil:
		return err
	case other.ID() != u.ID():
		return ErrEmailInUse
	}
	return nil
}

// sessionUserErr maps a missing account behind a valid session to 401:
// the account went away after the token was issued.
func (a *Service) sessionUserErr(err error) error {
	if errors.Is(err, user.ErrNotFound) {
		return ErrUnauthorized.WithCause(err)
	}
	return err
}
