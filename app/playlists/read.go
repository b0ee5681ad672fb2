package playlists

import (
	"context"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// VideoView is a video of a playlist with its owner (nil when gone).
type VideoView struct {
	Video *video.Video
	Owner *user.User
}

// Detail is a playlist as its page shows it.
type Detail struct {
	Playlist *playlist.Playlist
	Owner    *user.User
	Videos   []VideoView // those the caller may see, in playlist order
}

// Playlist shows a playlist the caller may see.
func (s *Service) Playlist(ctx context.Context, p app.Principal, playlistID id.ID) (Detail, error) {
	pl, err := s.visible(ctx, p, playlistID)
	if err != nil {
		return Detail{}, err
	}
	vs, err := s.playlists.Videos(ctx, pl.ID(), p.UserID)
	if err != nil {
		return Detail{}, err
	}
	ids := make([]id.ID, 0, len(vs)+1)
	ids = append(ids, pl.Owner())
	for _, v := range vs {
		ids = append(ids, v.Owner())
	}
	users, err := s.usersByIDs(ctx, ids)
	if err != nil {
		return Detail{}, err
	}
	out := Detail{Playlist: pl, Owner: users[pl.Owner()], Videos: make([]VideoView, len(vs))}
	for i, v := range vs {
		out.Videos[i] = VideoView{Video: v, Owner: users[v.Owner()]}
	}
	return out, nil
}

// usersByIDs reads the accounts of ids, each once and a batch at a time: a
// full playlist names a thousand video owners and its own, more than a
// store reads in one step (list.MaxIDs), though most are usually the same
// few, so that it is one step or, at the most, two.
func (s *Service) usersByIDs(ctx context.Context, ids []id.ID) (map[id.ID]*user.User, error) {
	seen := make(map[id.ID]bool, len(ids))
	distinct := make([]id.ID, 0, len(ids))
	for _, u := range ids {
		if !seen[u] {
			seen[u] = true
			distinct = append(distinct, u)
		}
	}
	out := make(map[id.ID]*user.User, len(distinct))
	for batch := range slices.Chunk(distinct, list.MaxIDs) {
		users, err := s.users.ByIDs(ctx, batch)
		if err != nil {
			return nil, err
		}
		maps.Copy(out, users)
	}
	return out, nil
}

// Summary is a playlist in a list, with its owner when the list shows it.
type Summary struct {
	playlist.Summary
	Owner *user.User
}

// Page is a page of playlists.
type Page struct {
	Items []Summary
	Total int
	Page  int
	Limit int
}

// MyPlaylists lists the caller's playlists, public and private, newest
// first, with the ids of their videos.
func (s *Service) MyPlaylists(ctx context.Context, p app.Principal, page, limit int) (Page, error) {
	return s.list(ctx, playlist.Query{Owner: p.UserID, Viewer: p.UserID, WithVideoIDs: true,
		Window: list.Window{Page: page, Limit: limit}.Normal()}, false)
}

// UserPlaylists lists a user's public playlists, newest first;
// user.ErrNotFound when there is no such user.
func (s *Service) UserPlaylists(ctx context.Context, p app.Principal, userID id.ID, page, limit int) (Page, error) {
	if _, err := app.VisibleUser(ctx, s.users, p.UserID, userID); err != nil {
		return Page{}, err
	}
	return s.list(ctx, playlist.Query{Owner: userID, PublishedOnly: true, Viewer: p.UserID,
		Window: list.Window{Page: page, Limit: limit}.Normal()}, false)
}

// SearchPlaylists finds public playlists whose name or description holds
// the text, literally and whatever the case, with their owners. Empty
// text finds none.
func (s *Service) SearchPlaylists(ctx context.Context, p app.Principal, text string, page, limit int) (Page, error) {
	if utf8.RuneCountInString(text) > playlist.MaxSearchLen {
		return Page{}, playlist.ErrSearchTooLong
	}
	w := list.Window{Page: page, Limit: limit}.Normal()
	if text == "" {
		return Page{Items: []Summary{}, Page: w.Page, Limit: w.Limit}, nil
	}
	return s.list(ctx, playlist.Query{PublishedOnly: true, Search: text, Viewer: p.UserID, Window: w}, true)
}

func (s *Service) list(ctx context.Context, q playlist.Query, withOwners bool) (Page, error) {
	page, err := s.playlists.List(ctx, q)
	if err != nil {
		return Page{}, err
	}
	out := Page{Items: make([]Summary, len(page.Items)), Total: page.Total, Page: q.Page, Limit: q.Limit}
	var owners map[id.ID]*user.User
	if withOwners {
		ids := make([]id.ID, len(page.Items))
		for i, it := range page.Items {
			ids[i] = it.Playlist.Owner()
		}
		if owners, err = s.users.ByIDs(ctx, ids); err != nil {
			return Page{}, err
		}
	}
	for i, it := range page.Items {
		out.Items[i] = Summary{Summary: it, Owner: owners[it.Playlist.Owner()]}
	}
	return out, nil
}
