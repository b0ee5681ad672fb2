package user

import (
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
)

// Purpose says what a one-time code proves.
type Purpose string

// The purposes of one-time codes.
const (
	PurposeVerify      Purpose = "verify"       // confirm the address after sign-up
	PurposeReset       Purpose = "reset"        // reset a forgotten password
	PurposeEmailChange Purpose = "email_change" // confirm a new address
)

// Code rules.
const (
	CodeTTL         = 15 * time.Minute
	CodeMaxAttempts = 5
	// ResendInterval is the least time between two codes mailed to one address
	// on request; the code sent at sign-up does not count.
	ResendInterval = time.Minute
)

// Errors of one-time codes. Messages depend on the purpose, so the checks
// return these kinds and the use case picks the message.
var (
	ErrCodeNotFound  = errs.Define(errs.NotFound, "code.not_found", "Code not found")
	ErrCodeExpired   = errs.Define(errs.Invalid, "code.expired", "Code expired").ForField("code")
	ErrCodeMismatch  = errs.Define(errs.Invalid, "code.mismatch", "Invalid code").ForField("code")
	ErrCodeLocked    = errs.Define(errs.Invalid, "code.locked", "Too many attempts. Request a new code").ForField("code")
	ErrResendTooSoon = errs.Define(errs.RateLimited, "code.resend_too_soon", "Please wait a minute before requesting another code")
)

// Code is a one-time code mailed to a user. Only its hash is kept.
type Code struct {
	UserID    id.ID
	Purpose   Purpose
	Hash      string    // keyed hash of the digits
	Target    Email     // the new address, for PurposeEmailChange
	ExpiresAt time.Time // the code is refused at and after this instant
	Attempts  int       // checks made against this code, right or wrong
	ResentAt  time.Time // when it was last sent on request; zero after sign-up
}

// NewCode returns a code issued now.
func NewCode(userID id.ID, p Purpose, hash string, target Email, now time.Time) Code {
	return Code{UserID: userID, Purpose: p, Hash: hash, Target: target, ExpiresAt: now.UTC().Add(CodeTTL)}
}

// CanResend reports whether another code may be mailed now on request.
func (c Code) CanResend(now time.Time) bool {
	return c.ResentAt.IsZero() || now.Sub(c.ResentAt) >= ResendInterval
}

// Check decides whether a code attempt succeeds. It is called on the code as
// returned by Codes.Attempt, so Attempts already counts this attempt: the
// sixth attempt is refused even when right, whatever the order of racing
// requests. matches is the constant-time comparison of the hashes.
func (c Code) Check(now time.Time, matches bool) error {
	switch {
	case !now.Before(c.ExpiresAt):
		return ErrCodeExpired
	case c.Attempts > CodeMaxAttempts:
		return ErrCodeLocked
	case !matches:
		return ErrCodeMismatch
	}
	return nil
}

// ValidCodeSyntax reports whether s is exactly six ASCII digits.
func ValidCodeSyntax(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
