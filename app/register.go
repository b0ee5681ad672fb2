package app

import (
	"context"
	"errors"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/user"
)

// RegisterInput is a sign-up form.
type RegisterInput struct {
	Name     string
	Email    string
	Username string
	Password string
}

// Register creates an unverified account and mails it a verification code.
//
// Signing up again with the address or handle of an account that was never
// verified takes that account over, as the reference does, but only once
// its code has expired: otherwise anyone could replace the password of a
// sign-up in progress and have its owner confirm the attacker's password.
func (a *App) Register(ctx context.Context, in RegisterInput) error {
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
	switch {
	case byEmail != nil && byUsername != nil && byEmail.ID() != byUsername.ID():
		return ErrAccountsMismatch
	case byEmail != nil && byEmail.Verified():
		return user.ErrEmailTaken
	case byUsername != nil && byUsername.Verified():
		return user.ErrUsernameTaken
	}
	existing := byEmail
	if existing == nil {
		existing = byUsername
	}
	if existing != nil {
		if err := a.ensureRegistrationStale(ctx, existing); err != nil {
			return err
		}
	}

	hash, err := a.hasher.Hash(in.Password)
	if err != nil {
		return err
	}
	params := user.NewParams{Username: username, Email: email, Name: name, PasswordHash: hash, Role: user.RoleCreator, Now: a.now()}
	var u *user.User
	if existing != nil {
		u = existing
		if err := u.ReplaceRegistration(params); err != nil {
			return err
		}
		err = a.users.Update(ctx, u)
	} else {
		params.ID = a.ids.New()
		if u, err = user.New(params); err != nil {
			return err
		}
		err = a.users.Create(ctx, u)
	}
	if err != nil {
		return err
	}

	digits, err := a.issueCode(ctx, u, user.PurposeVerify, "", false)
	if err != nil {
		return err
	}
	if err := a.mailCode(ctx, u.Email(), u.Username(), user.PurposeVerify, digits); err != nil {
		a.log.ErrorContext(ctx, "verification mail failed", "user_id", u.ID(), "err", err)
		return ErrMailFailed.WithCause(err)
	}
	return nil
}

// ensureRegistrationStale refuses to take over an unverified account whose
// verification code is still live.
func (a *App) ensureRegistrationStale(ctx context.Context, u *user.User) error {
	c, err := a.codes.Get(ctx, u.ID(), user.PurposeVerify)
	switch {
	case errors.Is(err, user.ErrCodeNotFound):
		return nil
	case err != nil:
		return err
	case a.now().Before(c.ExpiresAt):
		return ErrRegistrationPending
	}
	return nil
}

// findUser turns ErrNotFound into a nil user.
func (a *App) findUser(u *user.User, err error) (*user.User, error) {
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
