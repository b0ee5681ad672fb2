package bind

import (
	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// NewValidator returns a validator that knows the domain's rules as tags:
// email_syntax, username_chars, strong_password, code6 and object_id. The
// rules themselves live in the domain, so there is one definition of each.
func NewValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	register := func(tag string, ok func(string) bool) {
		if err := v.RegisterValidation(tag, func(fl validator.FieldLevel) bool { return ok(fl.Field().String()) }); err != nil {
			panic(err) // only a bad tag name gets here
		}
	}
	register("email_syntax", user.ValidEmailSyntax)
	register("username_chars", user.ValidUsernameChars)
	register("strong_password", user.StrongPassword)
	register("code6", user.ValidCodeSyntax)
	register("object_id", id.Valid)
	return v
}
