package accounts

import "github.com/stagecast/stagecast/domain/errs"

// Errors of the account use cases. Their messages are the ones clients of
// /api/v1 show.
var (
	ErrUnauthorized       = errs.New(errs.Unauthorized, "UNAUTHORIZED")
	ErrAccessTokenExpired = errs.New(errs.Unauthorized, "ACCESS_TOKEN_EXPIRED")
	ErrAccountsMismatch   = errs.New(errs.Conflict, "Email and username belong to different accounts")
	ErrAlreadyVerified    = errs.New(errs.Invalid, "User already verified")
	ErrVerifyCodeExpired  = errs.New(errs.Invalid, "Verification code expired. Please sign up again")
	ErrVerifyCodeInvalid  = errs.New(errs.Invalid, "Invalid verification code")
	ErrResetCodeExpired   = errs.New(errs.Invalid, "Reset code expired. Please try again")
	ErrResetCodeInvalid   = errs.New(errs.Invalid, "Invalid reset code")
	ErrOldPasswordWrong   = errs.New(errs.Unauthorized, "old password is incorrect")
	ErrMailFailed         = errs.New(errs.Unavailable, "Could not send email, try again later")
)
