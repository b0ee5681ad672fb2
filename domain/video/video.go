// Package video holds the video aggregate: an uploaded file with its
// thumbnail, title and publish state, plus what viewers leave behind on it
// (counted views and watch history).
package video

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/text"
)

// Limits and messages of video fields.
const (
	MaxTitleLen       = 100
	MaxDescriptionLen = 500

	// MaxSearchLen bounds a search, in characters: a longer one could
	// match neither a title nor a description, and would only cost the
	// store (SQLite refuses LIKE patterns past 50,000 bytes).
	MaxSearchLen = MaxDescriptionLen

	MsgTitleRequired      = "Title is required"
	MsgTitleTooLong       = "Title must be less than 100 characters"
	MsgDescriptionTooLong = "Description must be less than 500 characters"
	MsgSearchTooLong      = "Search query must be at most 500 characters"
)

// Errors of the video aggregate.
var (
	ErrNotFound = errs.Define(errs.NotFound, "video.not_found", "Video not found")
	// ErrSearchTooLong answers a search of more than MaxSearchLen characters.
	ErrSearchTooLong = errs.Define(errs.Invalid, "video.search_too_long", MsgSearchTooLong)
)

// Media is a stored object: its public URL and its storage key (the
// "public_id" of the wire format).
type Media struct {
	URL string
	Key string
}

// Video is an uploaded video. New videos start unpublished.
type Video struct {
	id          id.ID
	owner       id.ID
	file        Media
	thumbnail   Media
	title       string
	description *string
	duration    float64
	views       int64
	published   bool
	createdAt   time.Time
	updatedAt   time.Time
}

// NewParams are the inputs of a new video.
type NewParams struct {
	ID          id.ID
	Owner       id.ID
	File        Media
	Thumbnail   Media // the zero Media when there is none
	Title       string
	Description *string // nil when not given
	Duration    float64 // seconds
	Now         time.Time
}

// New checks and creates an unpublished video.
func New(p NewParams) (*Video, error) {
	title, desc, err := ParseDetails(p.Title, p.Description)
	if err != nil {
		return nil, err
	}
	// A thumbnail is optional here: the classic surface lets a creator
	// upload without one; /api/v1 requires it in its own binding.
	if p.ID.IsZero() || p.Owner.IsZero() || p.File.Key == "" || p.Duration < 0 {
		return nil, errs.New(errs.Internal, "incomplete video")
	}
	now := p.Now.UTC()
	return &Video{
		id: p.ID, owner: p.Owner, file: p.File, thumbnail: p.Thumbnail, title: title, description: desc,
		duration: p.Duration, createdAt: now, updatedAt: now,
	}, nil
}

// ParseDetails checks a title and an optional description. Lengths are
// checked before trimming, as /api/v1 clients expect; a title that is blank
// after trimming is refused too. A title is one line; a description may
// have line breaks. Neither may hold other control characters.
func ParseDetails(title string, description *string) (string, *string, error) {
	var fields []errs.FieldError
	if p := text.Problem(title, false); p != "" {
		fields = append(fields, errs.FieldError{Field: "title", Message: p})
	}
	if title == "" || strings.TrimSpace(title) == "" {
		fields = append(fields, errs.FieldError{Field: "title", Message: MsgTitleRequired})
	}
	if utf8.RuneCountInString(title) > MaxTitleLen {
		fields = append(fields, errs.FieldError{Field: "title", Message: MsgTitleTooLong})
	}
	var desc *string
	if description != nil {
		if p := text.Problem(*description, true); p != "" {
			fields = append(fields, errs.FieldError{Field: "description", Message: p})
		}
		if utf8.RuneCountInString(*description) > MaxDescriptionLen {
			fields = append(fields, errs.FieldError{Field: "description", Message: MsgDescriptionTooLong})
		}
		d := strings.TrimSpace(*description)
		desc = &d
	}
	if fields != nil {
		return "", nil, errs.InvalidFields(fields...)
	}
	return strings.TrimSpace(title), desc, nil
}

// ID returns the video id.
func (v *Video) ID() id.ID { return v.id }

// Owner returns the uploader.
func (v *Video) Owner() id.ID { return v.owner }

// File returns the video object.
func (v *Video) File() Media { return v.file }

// Thumbnail returns the thumbnail object.
func (v *Video) Thumbnail() Media { return v.thumbnail }

// Title returns the title.
func (v *Video) Title() string { return v.title }

// Description returns the description and whether one was given.
func (v *Video) Description() (string, bool) {
	if v.description == nil {
		return "", false
	}
	return *v.description, true
}

// Duration returns the length in seconds.
func (v *Video) Duration() float64 { return v.duration }

// Views returns the counted views.
func (v *Video) Views() int64 { return v.views }

// Published reports whether everyone may see the video.
func (v *Video) Published() bool { return v.published }

// CreatedAt returns the upload time.
func (v *Video) CreatedAt() time.Time { return v.createdAt }

// UpdatedAt returns the last change.
func (v *Video) UpdatedAt() time.Time { return v.updatedAt }

// VisibleTo reports whether viewer may see the video: unpublished videos
// exist only for their owner.
func (v *Video) VisibleTo(viewer id.ID) bool { return Visible(v.published, v.owner, viewer) }

// Visible reports whether viewer may see a video that is published or not
// and owned by owner, as VisibleTo does: for a video known by these alone.
func Visible(published bool, owner, viewer id.ID) bool { return published || owner == viewer }

// OwnedBy reports whether u uploaded the video.
func (v *Video) OwnedBy(u id.ID) bool { return v.owner == u }

// Edit changes the title and, when given, the description. An omitted
// description is kept; an empty one clears it.
func (v *Video) Edit(title string, description *string, now time.Time) error {
	t, d, err := ParseDetails(title, description)
	if err != nil {
		return err
	}
	v.title = t
	if d != nil {
		v.description = d
	}
	v.touch(now)
	return nil
}

// ReplaceThumbnail points the video at a new thumbnail and returns the old
// one, which the caller deletes from storage.
func (v *Video) ReplaceThumbnail(m Media, now time.Time) Media {
	old := v.thumbnail
	v.thumbnail = m
	v.touch(now)
	return old
}

// TogglePublished flips the publish state and returns the new one.
func (v *Video) TogglePublished(now time.Time) bool {
	v.published = !v.published
	v.touch(now)
	return v.published
}

// Unpublish makes the video visible to its owner only and reports whether
// that changed anything.
func (v *Video) Unpublish(now time.Time) bool {
	if !v.published {
		return false
	}
	v.published = false
	v.touch(now)
	return true
}

// SetViews records the count a store returned after counting a view.
func (v *Video) SetViews(n int64) { v.views = n }

func (v *Video) touch(now time.Time) { v.updatedAt = now.UTC() }

// Stored is the persisted form of a Video, for repositories.
type Stored struct {
	ID, Owner            id.ID
	File, Thumbnail      Media
	Title                string
	Description          *string
	Duration             float64
	Views                int64
	Published            bool
	CreatedAt, UpdatedAt time.Time
}

// Stored returns the persisted form of v.
func (v *Video) Stored() Stored {
	return Stored{
		ID: v.id, Owner: v.owner, File: v.file, Thumbnail: v.thumbnail, Title: v.title,
		Description: v.description, Duration: v.duration, Views: v.views, Published: v.published,
		CreatedAt: v.createdAt, UpdatedAt: v.updatedAt,
	}
}

// FromStored rebuilds a Video read from a store.
func FromStored(s Stored) *Video {
	return &Video{
		id: s.ID, owner: s.Owner, file: s.File, thumbnail: s.Thumbnail, title: s.Title,
		description: s.Description, duration: s.Duration, views: s.Views, published: s.Published,
		createdAt: s.CreatedAt.UTC(), updatedAt: s.UpdatedAt.UTC(),
	}
}
