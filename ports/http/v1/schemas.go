package v1

import (
	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/ports/http/bind"
)

// schemas are the request checks of /api/v1, with the reference's messages
// and order of checks.
type schemas struct {
	checkUsername, register, verify, emailOnly, login, reset, changePassword *bind.Schema
}

func emailField() *bind.Field {
	// The emptiness check runs before trimming, as the reference's does.
	return bind.String("email").Check("min=1", "Email is required").Trim().Lower().Check("email_syntax", user.MsgInvalidEmail)
}

func usernameField() *bind.Field {
	return bind.String("username").Trim().
		Check("min=1", user.MsgUsernameRequired).
		Check("username_chars", user.MsgUsernameChars).
		Check("max=30", user.MsgUsernameTooLong).
		Lower()
}

func passwordField(name string) *bind.Field {
	return bind.String(name).
		Check("min=6", user.MsgPasswordShort).
		Check("strong_password", user.MsgPasswordWeak)
}

func codeField() *bind.Field {
	return bind.String("code").Check("code6", user.MsgCodeFormat)
}

func newSchemas(v *validator.Validate) schemas {
	return schemas{
		checkUsername: bind.NewSchema(v, usernameField()),
		register: bind.NewSchema(v,
			bind.String("name").Trim().Check("min=1", user.MsgNameRequired).Check("max=100", user.MsgNameTooLong),
			emailField(),
			usernameField(),
			passwordField("password"),
		),
		verify:    bind.NewSchema(v, emailField(), codeField()),
		emailOnly: bind.NewSchema(v, emailField()),
		login: bind.NewSchema(v,
			bind.String("identifier").Trim().Check("min=1", user.MsgIdentifierMissing).Lower(),
			bind.String("password").Check("min=1", "Password is required"),
		),
		reset: bind.NewSchema(v, codeField(), emailField(), passwordField("newPassword")),
		changePassword: bind.NewSchema(v,
			bind.String("oldPassword").Check("min=1", "Old password is required"),
			passwordField("newPassword"),
		),
	}
}
