package accounts

import "github.com/stagecast/stagecast/domain/errs"

// Errors of the account use cases. Their messages are the ones clients of
// /api/v1 show.
var (
	ErrUnauthorized       = errs.Define(errs.Unauthorized, "auth.unauthorized", "UNAUTHORIZED")
	ErrAccessTokenExpired = errs.Define(errs.Unauthorized, "auth.access_token_expired", "ACCESS_TOKEN_EXPIRED")
	ErrAccountsMismatch   = errs.Define(errs.Conflict, "accounts.email_username_mismatch", "Email and username belong to different accounts")
	ErrAlreadyVerified    = errs.Define(errs.Invalid, "accounts.already_verified", "User already verified")
	ErrVerifyCodeExpired  = errs.Define(errs.Invalid, "accounts.verify_code_expired", "Verification code expired. Please sign up again").ForField("code")
	ErrVerifyCodeInvalid  = errs.Define(errs.Invalid, "accounts.verify_code_invalid", "Invalid verification code").ForField("code")
	ErrResetCodeExpired   = errs.Define(errs.Invalid, "accounts.reset_code_expired", "Reset code expired. Please try again").ForField("code")
	ErrResetCodeInvalid   = errs.Define(errs.Invalid, "accounts.reset_code_invalid", "Invalid reset code").ForField("code")
	ErrOldPasswordWrong   = errs.Define(errs.Unauthorized, "accounts.old_password_wrong", "old password is incorrect").ForField("oldPassword")
	ErrMailFailed         = errs.Define(errs.Unavailable, "accounts.mail_failed", "Could not send email, try again later")
)
