package user

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/id"
)

// Signup is a registration to store: the account and its verification
// code, written together, so that no account is ever left without the
// code that lets its owner in.
type Signup struct {
	// User is the account: new, or the unverified account of the same
	// email address that this sign-up takes over.
	User *User
	// Replace says User overwrites the stored account with its id, which
	// must still be unverified, instead of being inserted.
	Replace bool
	// Code is User's verification code.
	Code Code
	// Release, when set, is an unverified account of another address whose
	// username this sign-up takes because its code has expired; it is
	// deleted, provided it is still unverified and has no live code at Now.
	Release id.ID
	// Now is when the sign-up happens.
	Now time.Time
}

// Signups stores sign-ups.
type Signups interface {
	// Save writes s in one step: all of it or nothing. It returns
	// ErrEmailTaken or ErrUsernameTaken when the address or the username
	// belongs to another account by then, which includes an account to
	// replace that got verified, and an account to release that got
	// verified or a new code.
	Save(ctx context.Context, s Signup) error
}
