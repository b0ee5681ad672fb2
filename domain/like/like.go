// Package like holds likes: a user's mark on a video, a comment or a
// community post, at most one per user and target.
package like

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// Kind is what a like is on.
type Kind uint8

// The kinds of target.
const (
	OnVideo Kind = iota + 1
	OnComment
	OnPost
)

func (k Kind) String() string {
	switch k {
	case OnVideo:
		return "video"
	case OnComment:
		return "comment"
	case OnPost:
		return "post"
	}
	return "unknown"
}

// Target is the thing a like is on.
type Target struct {
	Kind Kind
	ID   id.ID
}

// ErrTargetGone answers adding a like to a target that is not stored (it
// was deleted meanwhile).
var ErrTargetGone = errs.Define(errs.NotFound, "like.target_gone", "Not found")

// Like is User liking Target since CreatedAt.
type Like struct {
	User      id.ID
	Target    Target
	CreatedAt time.Time
}

// Repository stores likes; a (user, target) pair is stored at most once.
// The methods that take a list of targets take at most list.MaxIDs.
type Repository interface {
	// Add stores l and reports whether it is new: false, and no error, when
	// the pair was already stored (racing adds store one).
	// ErrTargetGone when the target is not stored.
	Add(ctx context.Context, l Like) (added bool, err error)
	// Remove deletes the pair and reports whether it was stored.
	Remove(ctx context.Context, user id.ID, t Target) (removed bool, err error)
	// Counts returns the number of likes of each target of that kind,
	// zero ones included.
	Counts(ctx context.Context, k Kind, targets []id.ID) (map[id.ID]int64, error)
	// LikedBy returns the targets among targets that user liked.
	LikedBy(ctx context.Context, user id.ID, k Kind, targets []id.ID) (map[id.ID]bool, error)
	// Figures is Counts and LikedBy in one read.
	Figures(ctx context.Context, viewer id.ID, k Kind, targets []id.ID) (counts map[id.ID]int64, liked map[id.ID]bool, err error)
	// RemoveAll deletes every like of the targets and returns how many,
	// before the targets themselves are deleted.
	RemoveAll(ctx context.Context, k Kind, targets []id.ID) (int, error)
	// LikedVideos returns the ids of the videos user liked that user may
	// see (published, or their own), most recently liked first.
	LikedVideos(ctx context.Context, user id.ID, w list.Window) ([]id.ID, error)
	// OnVideosOf counts the likes of owner's videos, or of their published
	// ones only.
	OnVideosOf(ctx context.Context, owner id.ID, publishedOnly bool) (int64, error)
}
