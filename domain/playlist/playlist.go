// Package playlist holds playlists: a user's named, ordered list of videos,
// public or private.
package playlist

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/text"
)

// Limits and messages of playlist fields.
const (
	MaxNameLen        = 100
	MaxDescriptionLen = 500
	// MaxVideos bounds a playlist, so that showing one is a bounded read.
	MaxVideos = 1000
	// MaxSearchLen bounds a search: longer text matches no name or
	// description.
	MaxSearchLen = MaxDescriptionLen

	MsgNameRequired       = "Playlist title is required"
	MsgNameTooLong        = "Title must be less than 100 characters"
	MsgDescriptionTooLong = "Description must be less than 500 characters"
	MsgSearchTooLong      = "Search query must be at most 500 characters"
)

// Errors of playlists.
var (
	ErrNotFound = errs.Define(errs.NotFound, "playlist.not_found", "Playlist not found")
	ErrFull     = errs.Define(errs.Conflict, "playlist.full", "A playlist holds at most 1000 videos")
	// ErrVideoGone answers adding a video that is not stored (deleted
	// meanwhile).
	ErrVideoGone     = errs.Define(errs.NotFound, "playlist.video_gone", "Video not found")
	ErrSearchTooLong = errs.Define(errs.Invalid, "playlist.search_too_long", MsgSearchTooLong).ForField("query")
)

// Playlist is a playlist's own fields; its videos are kept beside it (see
// Repository).
type Playlist struct {
	id          id.ID
	owner       id.ID
	name        string
	description string
	published   bool
	createdAt   time.Time
	updatedAt   time.Time
}

// Details are the fields a owner sets; nil ones are left as they are.
type Details struct {
	Name        *string
	Description *string
	Published   *bool
}

// New checks and creates an empty playlist; the name is required, the
// description defaults to "" and the playlist to public.
func New(pid, owner id.ID, d Details, now time.Time) (*Playlist, error) {
	if d.Name == nil {
		return nil, errs.InvalidFields(errs.FieldError{Field: "name", Message: MsgNameRequired})
	}
	if pid.IsZero() || owner.IsZero() {
		return nil, errs.New(errs.Internal, "incomplete playlist")
	}
	now = now.UTC()
	p := &Playlist{id: pid, owner: owner, published: true, createdAt: now, updatedAt: now}
	if err := p.Edit(d, now); err != nil {
		return nil, err
	}
	return p, nil
}

// Edit sets the given fields. Lengths are checked before trimming, as
// /api/v1 clients expect; a name blank after trimming is refused.
func (p *Playlist) Edit(d Details, now time.Time) error {
	var fields []errs.FieldError
	bad := func(field, msg string) { fields = append(fields, errs.FieldError{Field: field, Message: msg}) }
	if d.Name != nil {
		if pr := text.Problem(*d.Name, false); pr != "" {
			bad("name", pr)
		}
		if strings.TrimSpace(*d.Name) == "" {
			bad("name", MsgNameRequired)
		}
		if utf8.RuneCountInString(*d.Name) > MaxNameLen {
			bad("name", MsgNameTooLong)
		}
	}
	if d.Description != nil {
		if pr := text.Problem(*d.Description, true); pr != "" {
			bad("description", pr)
		}
		if utf8.RuneCountInString(*d.Description) > MaxDescriptionLen {
			bad("description", MsgDescriptionTooLong)
		}
	}
	if fields != nil {
		return errs.InvalidFields(fields...)
	}
	if d.Name != nil {
		p.name = strings.TrimSpace(*d.Name)
	}
	if d.Description != nil {
		p.description = strings.TrimSpace(*d.Description)
	}
	if d.Published != nil {
		p.published = *d.Published
	}
	p.updatedAt = now.UTC()
	return nil
}

// Touch records a change of the playlist's videos.
func (p *Playlist) Touch(now time.Time) { p.updatedAt = now.UTC() }

// ID returns the playlist id.
func (p *Playlist) ID() id.ID { return p.id }

// Owner returns the user the playlist belongs to.
func (p *Playlist) Owner() id.ID { return p.owner }

// Name returns the name.
func (p *Playlist) Name() string { return p.name }

// Description returns the description ("" when none).
func (p *Playlist) Description() string { return p.description }

// Published reports whether everyone may see the playlist.
func (p *Playlist) Published() bool { return p.published }

// CreatedAt returns the creation time.
func (p *Playlist) CreatedAt() time.Time { return p.createdAt }

// UpdatedAt returns the last change.
func (p *Playlist) UpdatedAt() time.Time { return p.updatedAt }

// OwnedBy reports whether u owns the playlist.
func (p *Playlist) OwnedBy(u id.ID) bool { return p.owner == u }

// VisibleTo reports whether viewer may see the playlist: private ones
// exist only for their owner.
func (p *Playlist) VisibleTo(viewer id.ID) bool { return p.published || p.owner == viewer }

// Stored is the persisted form of a Playlist, for repositories.
type Stored struct {
	ID, Owner            id.ID
	Name, Description    string
	Published            bool
	CreatedAt, UpdatedAt time.Time
}

// Stored returns the persisted form of p.
func (p *Playlist) Stored() Stored {
	return Stored{ID: p.id, Owner: p.owner, Name: p.name, Description: p.description, Published: p.published,
		CreatedAt: p.createdAt, UpdatedAt: p.updatedAt}
}

// FromStored rebuilds a Playlist read from a store.
func FromStored(s Stored) *Playlist {
	return &Playlist{id: s.ID, owner: s.Owner, name: s.Name, description: s.Description, published: s.Published,
		createdAt: s.CreatedAt.UTC(), updatedAt: s.UpdatedAt.UTC()}
}
