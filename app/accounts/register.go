package accounts

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// RegisterInput is a sign-up form.
type RegisterInput struct {
	Name     string
	Email    string
	Username string
	Password string
}

// Register creates an unverified account and mails it a verification code;
// the account and its code are written in one step.
//
// As the reference does, signing up again with the address of an account
// that was never verified replaces that account's name, username and
// password and sends a new code. A username held by another address's
// unverified account is taken only once that account's code has expired:
// the stale account is deleted in the same step.
func (a *Service) Register(ctx context.Context, in RegisterInput) error {
	email, username, name, err := parseSignup(in)
	if err != nil {
		return err
	}
	byEmail, err := a.findUser(a.users.ByEmail(ctx, email))
	if err != nil {
		return err
	}
	byUsername, err := a.findUser(a.users.ByUsername(ctx, username))
	if err != nil {
		return err
	}
	release, err := a.signupConflicts(ctx, byEmail, byUsername)
	if err != nil {
		return err
	}

	hash, err := a.hasher.Hash(in.Password)
	if err != nil {
		return err
	}
	now := a.now()
	params := user.NewParams{Username: username, Email: email, Name: name, PasswordHash: hash, Role: user.RoleCreator, Now: now}
	u := byEmail
	if u != nil {
		err = u.ReplaceRegistration(params)
	} else {
		params.ID = a.ids.New()
		u, err = user.New(params)
	}
	if err != nil {
		return err
	}
	digits, code, err := a.drawCode(u, user.PurposeVerify, "", false)
	if err != nil {
		return err
	}
	err = a.signups.Save(ctx, user.Signup{User: u, Replace: byEmail != nil, Code: code, Release: release, Now: now})
	if err != nil {
		return err
	}
	if err := a.mailCode(ctx, u.Email(), u.Username(), user.PurposeVerify, digits); err != nil {
		a.log.ErrorContext(ctx, "verification mail failed", "user_id", u.ID(), "err", err)
		return ErrMailFailed.WithCause(err)
	}
	return nil
}

// signupConflicts decides whether a sign-up may go ahead given the accounts
// that already hold its address (byEmail) and its username (byUsername),
// either of which may be nil. It returns the stale account the sign-up
// takes the username from (id.Nil for none), or why it may not.
func (a *Service) signupConflicts(ctx context.Context, byEmail, byUsername *user.User) (id.ID, error) {
	other := byUsername != nil && (byEmail == nil || byUsername.ID() != byEmail.ID())
	switch {
	case other && byEmail != nil && (byEmail.Verified() || byUsername.Verified()):
		// Checked first, as the reference does, even when one is verified.
		return id.Nil, ErrAccountsMismatch
	case byEmail != nil && byEmail.Verified():
		return id.Nil, user.ErrEmailTaken
	case byUsername != nil && byUsername.Verified():
		return id.Nil, user.ErrUsernameTaken
	case !other:
		return id.Nil, nil
	}
	// Another address's sign-up holds the username: it keeps it while its
	// code lives.
	live, err := a.codeLive(ctx, byUsername, user.PurposeVerify)
	switch {
	case err != nil:
		return id.Nil, err
	case live && byEmail != nil:
		return id.Nil, ErrAccountsMismatch
	case live:
		return id.Nil, user.ErrUsernameTaken
	}
	return byUsername.ID(), nil
}

// codeLive reports whether u has a code for p that has not expired.
func (a *Service) codeLive(ctx context.Context, u *user.User, p user.Purpose) (bool, error) {
	c, err := a.codes.Get(ctx, u.ID(), p)
	switch {
	case errors.Is(err, user.ErrCodeNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return a.now().Before(c.ExpiresAt), nil
}

// findUser turns ErrNotFound into a nil user.
func (a *Service) findUser(u *user.User, err error) (*user.User, error) {
	if errors.Is(err, user.ErrNotFound) {
		return nil, nil
	}
	return u, err
}

// parseSignup checks every field and reports every broken rule at once.
func parseSignup(in RegisterInput) (user.Email, user.Username, string, error) {
	var fields []errs.FieldError
	collect := func(err error) {
		fields = append(fields, errs.FieldsOf(err)...)
	}
	name, err := user.ParseName(in.Name)
	collect(err)
	email, err := user.ParseEmail(in.Email)
	collect(err)
	username, err := user.ParseUsername(in.Username)
	collect(err)
	collect(user.CheckPassword("password", in.Password))
	if fields != nil {
		return "", "", "", errs.InvalidFields(fields...)
	}
	return email, username, name, nil
}
