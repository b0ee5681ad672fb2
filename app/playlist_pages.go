package app

import (
	"context"
	"maps"
	"slices"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// PlaylistPages reads a playlist with all its page shows: its owner, and
// the videos the viewer may see with their owners. A store that answers
// in one read spares two round trips on each visit.
type PlaylistPages interface {
	// PlaylistPage returns the playlist (playlist.ErrNotFound when there
	// is none) whoever may see it, its owner's account, the videos
	// playlist.Repository.Videos returns for viewer, and the owner of
	// each video in their order. Of the accounts a store may read the
	// public profile only (as Figures.Owner); an account that is gone is
	// nil.
	PlaylistPage(ctx context.Context, playlistID, viewer id.ID) (PlaylistPage, error)
}

// PlaylistPage is a playlist as PlaylistPages reads it.
type PlaylistPage struct {
	Playlist *playlist.Playlist
	Owner    *user.User
	Videos   []*video.Video
	// Owners are the owners of Videos, in their order.
	Owners []*user.User
}

// PlaylistPagesOf reads the playlist, its videos and then their owners,
// for stores that have no single read for all three.
func PlaylistPagesOf(playlists playlist.Repository, users user.Repository) PlaylistPages {
	return composedPlaylists{playlists: playlists, users: users}
}

type composedPlaylists struct {
	playlists playlist.Repository
	users     user.Repository
}

// PlaylistPage reads the owners a batch at a time: a full playlist names a
// thousand video owners and its own, more than a store reads in one step
// (list.MaxIDs), though most are usually the same few.
func (c composedPlaylists) PlaylistPage(ctx context.Context, playlistID, viewer id.ID) (PlaylistPage, error) {
	pl, err := c.playlists.ByID(ctx, playlistID)
	if err != nil {
		return PlaylistPage{}, err
	}
	vs, err := c.playlists.Videos(ctx, playlistID, viewer)
	if err != nil {
		return PlaylistPage{}, err
	}
	seen := map[id.ID]bool{pl.Owner(): true}
	distinct := []id.ID{pl.Owner()}
	for _, v := range vs {
		if !seen[v.Owner()] {
			seen[v.Owner()] = true
			distinct = append(distinct, v.Owner())
		}
	}
	users := make(map[id.ID]*user.User, len(distinct))
	for batch := range slices.Chunk(distinct, list.MaxIDs) {
		found, err := c.users.ByIDs(ctx, batch)
		if err != nil {
			return PlaylistPage{}, err
		}
		maps.Copy(users, found)
	}
	out := PlaylistPage{Playlist: pl, Owner: users[pl.Owner()], Videos: vs, Owners: make([]*user.User, len(vs))}
	for i, v := range vs {
		out.Owners[i] = users[v.Owner()]
	}
	return out, nil
}
