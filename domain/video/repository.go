package video

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
)

// SortField is what a video list is ordered by.
type SortField string

// The sort fields of video lists.
const (
	SortCreatedAt SortField = "createdAt"
	SortViews     SortField = "views"
	SortDuration  SortField = "duration"
	SortTitle     SortField = "title" // byte-wise, the same in every store
)

// MaxLimit bounds every list.
const MaxLimit = 100

// Position is the place of a video in a list, for keyset pagination: the
// value of the sort field and the id that breaks ties. Only the field of
// the list's sort is read.
type Position struct {
	ID        id.ID
	CreatedAt time.Time
	Views     int64
	Duration  float64
	Title     string
}

// PositionOf returns v's position.
func PositionOf(v *Video) Position {
	return Position{ID: v.id, CreatedAt: v.createdAt, Views: v.views, Duration: v.duration, Title: v.title}
}

// Query selects and orders videos. Ties on the sort field are broken by id
// in the same direction, so the order is total and a keyset cursor stays
// correct while videos are added.
type Query struct {
	Owner id.ID // only this owner's videos, when set
	// FollowedBy keeps only the videos of the users this user follows
	// (the subscription feed), when set.
	FollowedBy    id.ID
	PublishedOnly bool   // leave out unpublished videos
	Search        string // case-insensitive literal substring of title or description
	Sort          SortField
	Desc          bool
	Limit         int       // 1..MaxLimit
	Page          int       // 1-based; ignored when After is set
	After         *Position // continue after this position
}

// Totals are the figures of a user's videos.
type Totals struct {
	Videos int64
	Views  int64
}

// Page is one page of a list.
type Page struct {
	Items []*Video
	Total int  // videos matching the query, whatever the page
	More  bool // whether videos follow the last item
}

// ErrInUse answers deleting a video that other aggregates still point at
// (watch-history entries written after the use case removed them): the
// use case removes them again and retries.
var ErrInUse = errs.Define(errs.Conflict, "video.in_use", "The video changed while it was being deleted; try again")

// Repository stores videos. Deleting a video deletes its own parts (its
// counted views) but nothing another aggregate holds: watch-history entries,
// and in later features likes, comments and playlist entries, are removed
// first by the use case, step by step.
type Repository interface {
	Create(ctx context.Context, v *Video) error
	// ByID returns a video or ErrNotFound.
	ByID(ctx context.Context, id id.ID) (*Video, error)
	// ByIDs returns the videos that exist among ids (at most list.MaxIDs),
	// keyed by id; it reads the videos of a list in one step.
	ByIDs(ctx context.Context, ids []id.ID) (map[id.ID]*Video, error)
	// Totals sums up owner's videos, or their published ones only.
	Totals(ctx context.Context, owner id.ID, publishedOnly bool) (Totals, error)
	// Update applies change to the stored video with that id and writes
	// back its mutable fields (title, description, thumbnail, published,
	// updated time), atomically: no other write to the video comes between
	// the read and the write. It returns the video as written. When change
	// fails, nothing is written and its error is returned; ErrNotFound
	// when the video is gone. change must not do I/O: it runs under the
	// video's lock.
	Update(ctx context.Context, id id.ID, change func(*Video) error) (*Video, error)
	// Delete removes the video and its counted views; ErrNotFound when
	// gone, ErrInUse when another aggregate still points at it (a store
	// that can tell: SQL's foreign keys do).
	Delete(ctx context.Context, id id.ID) error
	// List returns a page of videos.
	List(ctx context.Context, q Query) (Page, error)
	// UsesMedia reports whether a video's file or thumbnail is the stored
	// object key, so that the media sweeper never deletes one in use.
	UsesMedia(ctx context.Context, key string) (bool, error)
	// RecordView counts a view of the video by viewer at the given time
	// unless the same viewer's view was counted less than window ago; it
	// returns whether it counted and the video's view count afterwards.
	// Counting is atomic: N concurrent views by N viewers add exactly N.
	RecordView(ctx context.Context, videoID, viewer id.ID, at time.Time, window time.Duration) (counted bool, views int64, err error)
}

// HistoryEntry is one watched video.
type HistoryEntry struct {
	Video     *Video
	WatchedAt time.Time
}

// ErrNotInHistory answers removing a video the user never watched.
var ErrNotInHistory = errs.Define(errs.NotFound, "video.not_in_history", "Video not found in watch history")

// MaxHistory is how many entries a user's watch history keeps: the newest,
// by the time each video was last watched.
const MaxHistory = 1000

// History stores what each user watched: each video once, at the time it
// was last watched, at most MaxHistory entries per user.
type History interface {
	// Watch records that user watched a video they may see (published, or
	// theirs) at the given time, in one step: it touches the history entry
	// as Touch does and, unless user owns the video, counts a view when
	// user's last counted view of it is window old or older (a window of
	// zero counts every view). Counting is atomic as RecordView's is.
	// ErrNotFound when there is no such video or user may not see it.
	Watch(ctx context.Context, userID, videoID id.ID, at time.Time, window time.Duration) error
	// Touch records that user watched the video at the given time. A new
	// entry beyond MaxHistory pushes out the oldest.
	Touch(ctx context.Context, userID, videoID id.ID, at time.Time) error
	// List returns the user's watched videos, most recently watched first,
	// leaving out videos the user may not see (unpublished and not theirs);
	// total counts the entries that remain.
	List(ctx context.Context, userID id.ID, page, limit int) (entries []HistoryEntry, total int, err error)
	// Remove deletes one entry; ErrNotInHistory when there is none.
	Remove(ctx context.Context, userID, videoID id.ID) error
	// Clear deletes every entry of the user and returns how many.
	Clear(ctx context.Context, userID id.ID) (int, error)
	// RemoveVideo deletes every user's entry for the video and returns how
	// many, before the video itself is deleted; removing none is not an
	// error, so that a retried deletion goes through.
	RemoveVideo(ctx context.Context, videoID id.ID) (int, error)
}
