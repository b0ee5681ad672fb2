package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/user"
)

// issueCode stores a fresh code for u and purpose p and returns its digits.
// onRequest marks a code sent because the user asked again, which starts the
// resend interval.
func (a *Service) issueCode(ctx context.Context, u *user.User, p user.Purpose, target user.Email, onRequest bool) (string, error) {
	digits, c, err := a.drawCode(u, p, target, onRequest)
	if err != nil {
		return "", err
	}
	if err := a.codes.Put(ctx, c); err != nil {
		return "", err
	}
	return digits, nil
}

// drawCode makes a fresh code for u and purpose p, not yet stored: its
// digits, to mail, and the code with their keyed hash, to keep.
func (a *Service) drawCode(u *user.User, p user.Purpose, target user.Email, onRequest bool) (string, user.Code, error) {
	digits, err := a.newCode()
	if err != nil {
		return "", user.Code{}, err
	}
	now := a.now()
	c := user.NewCode(u.ID(), p, a.hashCode(u.ID(), p, digits), target, now)
	if onRequest {
		c.ResentAt = now
	}
	return digits, c, nil
}

// restoreCode puts back the code that was live before a code that never
// reached the user, so that a failed delivery neither spends the user's
// working code nor starts the wait for the next one. prev is the zero Code
// when there was none.
func (a *Service) restoreCode(ctx context.Context, u *user.User, p user.Purpose, prev user.Code) {
	var err error
	if prev.Hash == "" {
		err = a.codes.Delete(ctx, u.ID(), p)
	} else {
		err = a.codes.Put(ctx, prev)
	}
	if err != nil {
		a.log.ErrorContext(ctx, "restoring code after failed mail", "user_id", u.ID(), "err", err)
	}
}

// useCode spends one attempt on the user's code for p and reports whether
// digits were right. It maps the domain's code errors to the messages of
// the purpose: expired (or never issued) and invalid.
func (a *Service) useCode(ctx context.Context, u *user.User, p user.Purpose, digits string, expired, invalid *errs.Error) (user.Code, error) {
	c, err := a.codes.Attempt(ctx, u.ID(), p)
	if errors.Is(err, user.ErrCodeNotFound) {
		return user.Code{}, expired
	}
	if err != nil {
		return user.Code{}, err
	}
	switch err := c.Check(a.now(), a.codeMatches(c, digits)); {
	case errors.Is(err, user.ErrCodeExpired):
		return c, expired
	case errors.Is(err, user.ErrCodeMismatch):
		return c, invalid
	case err != nil:
		return c, err
	}
	return c, nil
}

// resendCode mails u a fresh code for p on the user's request. A code sent
// on request less than a minute ago makes it user.ErrResendTooSoon; a mail
// that fails puts the previous code back and is ErrMailFailed.
func (a *Service) resendCode(ctx context.Context, u *user.User, p user.Purpose) error {
	prev, err := a.codes.Get(ctx, u.ID(), p)
	switch {
	case errors.Is(err, user.ErrCodeNotFound):
	case err != nil:
		return err
	case !prev.CanResend(a.now()):
		return user.ErrResendTooSoon
	}
	digits, err := a.issueCode(ctx, u, p, "", true)
	if err != nil {
		return err
	}
	if err := a.mailCode(ctx, u.Email(), u.Username(), p, digits); err != nil {
		a.log.ErrorContext(ctx, "code mail failed", "purpose", p, "user_id", u.ID(), "err", err)
		a.restoreCode(ctx, u, p, prev)
		return ErrMailFailed.WithCause(err)
	}
	return nil
}
