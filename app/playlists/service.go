// Package playlists holds the use cases of playlists: making, listing,
// showing, changing and deleting them, and adding and removing videos.
//
// A private playlist exists only for its owner, and a playlist shows only
// the videos the caller may see: others' unpublished videos are left out
// of every count, cover and list.
package playlists

import (
	"context"
	"errors"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Refusals of changes to another user's playlist.
var (
	ErrNotYourPlaylist       = errs.Define(errs.Forbidden, "playlists.not_yours", "You are not authorized to update this playlist")
	ErrNotYourPlaylistDelete = errs.Define(errs.Forbidden, "playlists.not_yours_to_delete", "You are not authorized to delete this playlist")
	ErrNotYourPlaylistAdd    = errs.Define(errs.Forbidden, "playlists.not_yours_to_add", "You are not authorized to add videos to this playlist")
	ErrNotYourPlaylistRemove = errs.Define(errs.Forbidden, "playlists.not_yours_to_remove", "You are not authorized to remove videos from this playlist")
)

// Deps are the ports the playlist use cases need.
type Deps struct {
	Playlists playlist.Repository
	// Videos checks that an added video exists for the caller.
	Videos video.Repository
	// Users reads the owners shown with playlists and their videos.
	Users user.Repository
	// Pages reads a playlist's page with its videos and their owners.
	Pages app.PlaylistPages
	Clock app.Clock
	IDs   app.IDs
}

// Service runs the playlist use cases.
type Service struct {
	playlists playlist.Repository
	videos    video.Repository
	users     user.Repository
	pages     app.PlaylistPages
	clock     app.Clock
	ids       app.IDs
}

// New checks the dependencies and returns the service.
func New(d Deps) (*Service, error) {
	if d.Playlists == nil || d.Videos == nil || d.Users == nil || d.Pages == nil || d.Clock == nil || d.IDs == nil {
		return nil, errors.New("playlists: missing dependency")
	}
	return &Service{playlists: d.Playlists, videos: d.Videos, users: d.Users, pages: d.Pages, clock: d.Clock, ids: d.IDs}, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Owned is a playlist as its owner's changes return it: its own fields and
// the ids of its videos the owner may see, in playlist order.
type Owned struct {
	Playlist *playlist.Playlist
	VideoIDs []id.ID
}

// mayChange says whether the caller may change pl: someone else's private
// playlist does not exist for them, their public one is forbidden.
func mayChange(p app.Principal, pl *playlist.Playlist, forbidden *errs.Error) error {
	switch {
	case !pl.VisibleTo(p.UserID):
		return playlist.ErrNotFound
	case !pl.OwnedBy(p.UserID):
		return forbidden
	}
	return nil
}

// owned returns pl with the ids of its videos the caller may see.
func (s *Service) owned(ctx context.Context, p app.Principal, pl *playlist.Playlist) (Owned, error) {
	ids, err := s.playlists.VideoIDs(ctx, pl.ID(), p.UserID)
	if err != nil {
		return Owned{}, err
	}
	return Owned{Playlist: pl, VideoIDs: ids}, nil
}
