package playlists

import (
	"context"
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
	// Owner is the owner's public profile (see app.PlaylistPages).
	Owner *user.User
}

// Detail is a playlist as its page shows it.
type Detail struct {
	Playlist *playlist.Playlist
	Owner    *user.User  // the owner's public profile (see app.PlaylistPages)
	Videos   []VideoView // those the caller may see, in playlist order
}

// Playlist shows a playlist the caller may see.
func (s *Service) Playlist(ctx context.Context, p app.Principal, playlistID id.ID) (Detail, error) {
	pp, err := s.pages.PlaylistPage(ctx, playlistID, p.UserID)
	if err != nil {
		return Detail{}, err
	}
	if !pp.Playlist.VisibleTo(p.UserID) {
		return Detail{}, playlist.ErrNotFound
	}
	out := Detail{Playlist: pp.Playlist, Owner: pp.Owner, Videos: make([]VideoView, len(pp.Videos))}
	for i, v := range pp.Videos {
		out.Videos[i] = VideoView{Video: v, Owner: pp.Owners[i]}
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
