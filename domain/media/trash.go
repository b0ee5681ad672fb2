// Package media holds what the core knows about stored media: which formats
// it accepts (read from the bytes, never from what a client declares), how
// long a video runs, and the trash of objects waiting to be deleted from
// storage.
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
	// after each failure.
	TrashDelete TrashState = "delete"
	// TrashPending: the key is reserved for an upload that no row points
	// at yet (a direct upload, or a file still being streamed in). Unless
	// it is claimed first, the object is deleted at DueAt.
	TrashPending TrashState = "pending"
	// TrashClaimed: a row points at the key, but a direct-upload grant for
	// it may be used until DueAt, outside the server's reach. The entry
	// only remembers that: should the key be deleted before then, it is
	// deleted once more after the grant has lapsed. At DueAt it leaves.
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

// Trash is a durable ledger of storage keys that no row owns: objects to
// delete, and keys reserved for uploads. Keys to delete go in before the
// rows that point at them are deleted, and leave once storage confirms the
// deletion, so a storage outage or a crash never leaves an orphan behind.
// Upload keys are reserved before a byte is stored and are claimed when
// their row is written; the sweeper deletes those never claimed.
//
// Every transition is one atomic step in the store, so a sweeper and a
// request racing on one key never both win.
type Trash interface {
	// Add schedules keys for deletion at due, whatever state they were in;
	// a key already there keeps its attempts and grant.
	Add(ctx context.Context, due time.Time, keys ...string) error
	// Cancel takes keys out of the deletion schedule, for objects whose
	// rows turned out to stay: a key with a grant still live at now goes
	// back to TrashClaimed, any other leaves. Missing keys are ignored.
	Cancel(ctx context.Context, now time.Time, keys ...string) error
	// Reserve records key as TrashPending, due at due, with the grant that
	// may upload it lapsing at grantUntil (zero for none).
	Reserve(ctx context.Context, key string, due, grantUntil time.Time) error
	// Pending reports whether key is reserved and not yet claimed.
	Pending(ctx context.Context, key string) (bool, error)
	// Claim takes TrashPending keys for a row, all of them or none, and
	// reports whether it did: each key leaves, or becomes TrashClaimed
	// until its grant lapses when that is after now. Of racing claims
	// exactly one wins, so each reserved key becomes part of at most one
	// row; a key that is missing or in another state claims nothing.
	Claim(ctx context.Context, now time.Time, keys ...string) (bool, error)
	// Due returns up to limit items due at now, earliest first.
	Due(ctx context.Context, now time.Time, limit int) ([]TrashItem, error)
	// Expire turns a TrashPending key into TrashDelete and reports whether
	// it was pending, so that the sweeper deletes a reserved object only
	// when no claim came first.
	Expire(ctx context.Context, key string) (bool, error)
	// Deleted records that storage deleted key at now: it leaves, unless a
	// grant could still upload it again, in which case it stays
	// TrashDelete, due when that grant lapses.
	Deleted(ctx context.Context, key string, now time.Time) error
	// Postpone records a failed deletion and sets the next try.
	Postpone(ctx context.Context, key string, due time.Time) error
	// Release removes a TrashClaimed key whose grant has lapsed, if it is
	// still in that state and due at dueAt, and reports whether it did.
	Release(ctx context.Context, key string, dueAt time.Time) (bool, error)
}
