// Package media holds what the domain knows about stored media whose
// ownership is open: the trash, a ledger of storage keys reserved for
// uploads, claimed for rows, or waiting to be deleted from storage.
package media

import (
	"context"
	"time"
)

// TrashState says why a key is in the trash.
type TrashState string

// The states of a trashed key.
const (
	// TrashDelete: the object is to be deleted at DueAt, and again later
	// after each failure, unless a row turns out to point at it.
	TrashDelete TrashState = "delete"
	// TrashPending: the key is reserved for an upload that no row points
	// at yet (a direct upload, or a file still being streamed in). Unless
	// it is claimed first, the object is deleted at DueAt.
	TrashPending TrashState = "pending"
	// TrashClaimed: a request took the key for a row. At DueAt the sweeper
	// checks that a row points at it and forgets it; if none does (the
	// request died between its claim and its write), the object is
	// deleted. DueAt is never before a direct-upload grant for the key
	// lapses, so that a key deleted meanwhile is deleted once more after
	// the grant can no longer bring it back.
	TrashClaimed TrashState = "claimed"
)

// TrashItem is a key in the trash.
type TrashItem struct {
	Key      string
	State    TrashState
	DueAt    time.Time // when to act on it
	Attempts int       // failed deletions so far
	// GrantUntil is when the last direct-upload grant for the key lapses,
	// or zero when it never had one.
	GrantUntil time.Time
}

// Trash is a durable ledger of storage keys that no row owns, or whose
// ownership is not confirmed yet: objects to delete, keys reserved for
// uploads, and keys just claimed. Keys to delete go in before the rows
// that point at them are deleted, and leave once storage confirms the
// deletion, so a storage outage or a crash never leaves an orphan behind.
// Upload keys are reserved before a byte is stored and claimed when their
// row is written; the sweeper deletes reserved keys nobody claimed, and
// claimed keys no row took. It never deletes an object a row points at.
//
// Every transition is one atomic step in the store that checks the state
// it starts from, so a sweeper and a request racing on one key never both
// win.
type Trash interface {
	// Add schedules keys for deletion at due, whatever state they were in;
	// a key already there keeps its attempts and grant.
	Add(ctx context.Context, due time.Time, keys ...string) error
	// Cancel takes keys out of the deletion schedule, for objects whose
	// rows turned out to stay: they become TrashClaimed, due at due, when
	// the sweeper confirms that rows point at them. Missing keys are
	// ignored.
	Cancel(ctx context.Context, due time.Time, keys ...string) error
	// Reserve records key as TrashPending, due at due, with the grant that
	// may upload it lapsing at grantUntil (zero for none).
	Reserve(ctx context.Context, key string, due, grantUntil time.Time) error
	// Pending reports whether key is reserved and not yet claimed.
	Pending(ctx context.Context, key string) (bool, error)
	// Claim turns TrashPending keys into TrashClaimed, due at confirm or
	// when their grant lapses, whichever is later: all of them or none. It
	// reports whether it did. Of racing claims exactly one wins, so each
	// reserved key becomes part of at most one row; a key that is missing
	// or in another state claims nothing.
	Claim(ctx context.Context, confirm time.Time, keys ...string) (bool, error)
	// Due returns up to limit items due at now, earliest first.
	Due(ctx context.Context, now time.Time, limit int) ([]TrashItem, error)
	// Expire turns a TrashPending key into TrashDelete and reports whether
	// it was pending, so that the sweeper deletes a reserved object only
	// when no claim came first.
	Expire(ctx context.Context, key string) (bool, error)
	// Doom turns a TrashClaimed key due at dueAt into TrashDelete and
	// reports whether it did, for a claimed object that no row took.
	Doom(ctx context.Context, key string, dueAt time.Time) (bool, error)
	// Deleted records that storage deleted a TrashDelete key at now: it
	// leaves, unless a grant could still upload it again, in which case it
	// stays, due when that grant lapses. A key in another state is left
	// alone.
	Deleted(ctx context.Context, key string, now time.Time) error
	// Postpone records a failed deletion and sets the next try.
	Postpone(ctx context.Context, key string, due time.Time) error
	// Release removes key if it is still in state and due at dueAt, and
	// reports whether it did: the sweeper forgets a key a row points at.
	Release(ctx context.Context, key string, state TrashState, dueAt time.Time) (bool, error)
}
