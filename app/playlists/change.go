package playlists

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/video"
)

// CreatePlaylist makes an empty playlist for the caller.
func (s *Service) CreatePlaylist(ctx context.Context, p app.Principal, d playlist.Details) (Owned, error) {
	pl, err := playlist.New(s.ids.New(), p.UserID, d, s.now())
	if err != nil {
		return Owned{}, err
	}
	if err := s.playlists.Create(ctx, pl); err != nil {
		return Owned{}, err
	}
	return Owned{Playlist: pl, VideoIDs: []id.ID{}}, nil
}

// EditPlaylist sets the given fields of the caller's playlist.
func (s *Service) EditPlaylist(ctx context.Context, p app.Principal, playlistID id.ID, d playlist.Details) (Owned, error) {
	pl, err := s.playlists.Update(ctx, playlistID, func(pl *playlist.Playlist) error {
		if err := mayChange(p, pl, ErrNotYourPlaylist); err != nil {
			return err
		}
		return pl.Edit(d, s.now())
	})
	if err != nil {
		return Owned{}, err
	}
	return s.owned(ctx, p, pl)
}

// DeletePlaylist deletes the caller's playlist. Its videos stay.
func (s *Service) DeletePlaylist(ctx context.Context, p app.Principal, playlistID id.ID) error {
	pl, err := s.playlists.ByID(ctx, playlistID)
	if err != nil {
		return err
	}
	if err := mayChange(p, pl, ErrNotYourPlaylistDelete); err != nil {
		return err
	}
	return s.playlists.Delete(ctx, playlistID)
}

// AddVideo appends a video the caller may see to the caller's playlist,
// once.
func (s *Service) AddVideo(ctx context.Context, p app.Principal, playlistID, videoID id.ID) (Owned, error) {
	// The playlist is checked before the video, as the reference does.
	pl, err := s.playlists.ByID(ctx, playlistID)
	if err != nil {
		return Owned{}, err
	}
	if err := mayChange(p, pl, ErrNotYourPlaylistAdd); err != nil {
		return Owned{}, err
	}
	v, err := s.videos.ByID(ctx, videoID)
	if err != nil {
		return Owned{}, err
	}
	if !v.VisibleTo(p.UserID) {
		return Owned{}, video.ErrNotFound
	}
	pl, err = s.playlists.AddVideo(ctx, playlistID, videoID, s.now(), func(pl *playlist.Playlist) error {
		return mayChange(p, pl, ErrNotYourPlaylistAdd)
	})
	if err != nil {
		return Owned{}, err
	}
	return s.owned(ctx, p, pl)
}

// RemoveVideo takes a video out of the caller's playlist; one that is not
// in it is no error.
func (s *Service) RemoveVideo(ctx context.Context, p app.Principal, playlistID, videoID id.ID) (Owned, error) {
	pl, err := s.playlists.RemoveVideo(ctx, playlistID, videoID, s.now(), func(pl *playlist.Playlist) error {
		return mayChange(p, pl, ErrNotYourPlaylistRemove)
	})
	if err != nil {
		return Owned{}, err
	}
	return s.owned(ctx, p, pl)
}
