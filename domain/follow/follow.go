// Package follow holds follows: one user following another, to see what
// they publish.
package follow

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// ErrSelf answers following oneself.
var ErrSelf = errs.Define(errs.Invalid, "follow.self", "You cannot follow yourself")

// Follow is Follower following Following since CreatedAt. ID names the
// follow itself (lists show it).
type Follow struct {
	ID        id.ID
	Follower  id.ID
	Following id.ID
	CreatedAt time.Time
}

// New checks and returns a follow.
func New(fid, follower, following id.ID, now time.Time) (Follow, error) {
	if fid.IsZero() || follower.IsZero() || following.IsZero() {
		return Follow{}, errs.New(errs.Internal, "incomplete follow")
	}
	if follower == following {
		return Follow{}, ErrSelf
	}
	return Follow{ID: fid, Follower: follower, Following: following, CreatedAt: now.UTC()}, nil
}

// Counts are a user's follow figures.
type Counts struct {
	Followers int64 // people following the user
	Following int64 // people the user follows
}

// Query selects one user's followers or followings, by follow time and
// then follow id.
type Query struct {
	User id.ID
	Desc bool
	list.Window
}

// Repository stores follows; a (follower, following) pair is stored at most
// once.
type Repository interface {
	// Add stores f and reports whether it is new: false, and no error, when
	// the pair was already stored (racing adds store one).
	Add(ctx context.Context, f Follow) (added bool, err error)
	// Remove deletes the pair and reports whether it was stored.
	Remove(ctx context.Context, follower, following id.ID) (removed bool, err error)
	// Followers lists the follows of people following q.User.
	Followers(ctx context.Context, q Query) (list.Page[Follow], error)
	// Following lists the follows q.User made.
	Following(ctx context.Context, q Query) (list.Page[Follow], error)
	// Counts returns the figures of each of users, zero ones included.
	Counts(ctx context.Context, users []id.ID) (map[id.ID]Counts, error)
	// Follows returns the targets among targets that follower follows.
	Follows(ctx context.Context, follower id.ID, targets []id.ID) (map[id.ID]bool, error)
}
