// Package media holds what the core knows about stored media: which formats
// it accepts (read from the bytes, never from what a client declares), how
// long a video runs, and the trash of objects waiting to be deleted from
// storage.
package media

import (
	"context"
	"time"
)

// TrashItem is a storage key waiting for deletion.
type TrashItem struct {
	Key      string
	DueAt    time.Time // when to try (again)
	Attempts int       // failed deletions so far
}

// Trash is a durable list of storage keys to delete. Keys go in before
// the rows that point at them are deleted, and leave once storage confirms
// the deletion, so a storage outage or a crash never leaves an orphan
// behind. Direct-upload keys go in when the upload is signed, due after it
// expires, and leave when the upload is finalized: unclaimed uploads are
// reaped the same way.
type Trash interface {
	// Add puts keys in the trash, due at the given time; a key already
	// there takes the new due time.
	Add(ctx context.Context, due time.Time, keys ...string) error
	// Remove takes keys out; missing keys are ignored.
	Remove(ctx context.Context, keys ...string) error
	// Claim takes one key out and reports whether it was there. Finalizing a
	// direct upload claims its key, so only keys the server issued, and each
	// only once, become part of a video.
	Claim(ctx context.Context, key string) (bool, error)
	// Due returns up to limit items due at now, earliest first.
	Due(ctx context.Context, now time.Time, limit int) ([]TrashItem, error)
	// Postpone records a failed deletion and sets the next try.
	Postpone(ctx context.Context, key string, due time.Time) error
}
