package user

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// Repository stores accounts. Email and username are unique: a write that
// would break that returns ErrEmailTaken or ErrUsernameTaken.
type Repository interface {
	// Create inserts a new account.
	Create(ctx context.Context, u *User) error
	// Update applies change to the stored account with that id and writes
	// it back, atomically: no other write to the account comes between the
	// read and the write, so concurrent changes of different fields all
	// stay. It returns the account as written. When change fails, nothing
	// is written and its error is returned; ErrNotFound when the account
	// is gone. change must not do I/O: it runs under the account's lock.
	Update(ctx context.Context, id id.ID, change func(*User) error) (*User, error)
	// ByID returns an account or ErrNotFound.
	ByID(ctx context.Context, id id.ID) (*User, error)
	// ByEmail returns the account with that address or ErrNotFound.
	ByEmail(ctx context.Context, e Email) (*User, error)
	// ByUsername returns the account with that handle or ErrNotFound.
	ByUsername(ctx context.Context, u Username) (*User, error)
	// ByIDs returns the accounts that exist among ids (at most
	// list.MaxIDs), keyed by id; it reads the owners of a page of content
	// in one step.
	ByIDs(ctx context.Context, ids []id.ID) (map[id.ID]*User, error)
	// Search returns a page of verified accounts whose name or username
	// holds text, as a case-insensitive literal substring (folded with
	// strings.ToLower in every store), ordered by username.
	Search(ctx context.Context, text string, w list.Window) ([]*User, error)
	// UsesMedia reports whether an account's profile image is the stored
	// object key, so that the media sweeper never deletes one in use.
	UsesMedia(ctx context.Context, key string) (bool, error)
}

// Codes stores one-time codes, at most one per user and purpose.
type Codes interface {
	// Put stores c, replacing any code of the same user and purpose.
	Put(ctx context.Context, c Code) error
	// Get returns the code or ErrCodeNotFound.
	Get(ctx context.Context, userID id.ID, p Purpose) (Code, error)
	// Attempt atomically counts one attempt against the code and returns it
	// as it is after the increment; ErrCodeNotFound when there is none.
	Attempt(ctx context.Context, userID id.ID, p Purpose) (Code, error)
	// Delete removes the code; deleting a missing code is not an error.
	Delete(ctx context.Context, userID id.ID, p Purpose) error
}
