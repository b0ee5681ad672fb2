package v1

import (
	"github.com/stagecast/stagecast/app/playlists"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/ports/http/web"
)

// The playlist shapes of /api/v1, each in the reference's key order. A
// list's playlistThumbnail (the cover) is left out when no video of the
// playlist is visible to the caller.

// rawPlaylistJSON is the stored playlist, as its owner's changes answer it.
type rawPlaylistJSON struct {
	ID          string   `json:"_id"`
	Owner       string   `json:"owner"`
	Videos      []string `json:"videos"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	IsPublished bool     `json:"isPublished"`
	CreatedAt   web.Time `json:"createdAt"`
	UpdatedAt   web.Time `json:"updatedAt"`
}

// myPlaylistJSON is one of the caller's playlists.
type myPlaylistJSON struct {
	ID                string   `json:"_id"`
	Name              string   `json:"name"`
	Description       string   `json:"description"`
	Videos            []string `json:"videos"`
	TotalVideos       int      `json:"totalVideos"`
	PlaylistThumbnail string   `json:"playlistThumbnail,omitempty"`
	IsPublished       bool     `json:"isPublished"`
	CreatedAt         web.Time `json:"createdAt"`
	UpdatedAt         web.Time `json:"updatedAt"`
}

// userPlaylistJSON is one of a user's public playlists.
type userPlaylistJSON struct {
	ID                string   `json:"_id"`
	Owner             string   `json:"owner"`
	Name              string   `json:"name"`
	Description       string   `json:"description"`
	IsPublished       bool     `json:"isPublished"`
	CreatedAt         web.Time `json:"createdAt"`
	UpdatedAt         web.Time `json:"updatedAt"`
	TotalVideos       int      `json:"totalVideos"`
	PlaylistThumbnail string   `json:"playlistThumbnail,omitempty"`
}

// foundPlaylistJSON is a playlist in search results.
type foundPlaylistJSON struct {
	ID                string     `json:"_id"`
	Name              string     `json:"name"`
	Description       string     `json:"description"`
	Owner             *ownerJSON `json:"owner,omitempty"`
	TotalVideos       int        `json:"totalVideos"`
	PlaylistThumbnail string     `json:"playlistThumbnail,omitempty"`
	CreatedAt         web.Time   `json:"createdAt"`
	UpdatedAt         web.Time   `json:"updatedAt"`
}

// playlistDetailJSON is a playlist as its page shows it.
type playlistDetailJSON struct {
	ID     string              `json:"_id"`
	Owner  *ownerJSON          `json:"owner,omitempty"`
	Videos []playlistVideoJSON `json:"videos"`
	// TotalVideos counts videos, as the lists of playlists do; the
	// reference's page lacks it, though its frontend shows it.
	TotalVideos int      `json:"totalVideos"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	IsPublished bool     `json:"isPublished"`
	CreatedAt   web.Time `json:"createdAt"`
	UpdatedAt   web.Time `json:"updatedAt"`
}

// playlistVideoJSON is a video on a playlist's page; its thumbnail is the
// URL alone, as the reference flattens it.
type playlistVideoJSON struct {
	ID          string     `json:"_id"`
	Owner       *ownerJSON `json:"owner,omitempty"`
	VideoFile   mediaJSON  `json:"videoFile"`
	Thumbnail   string     `json:"thumbnail"`
	Title       string     `json:"title"`
	Description *string    `json:"description,omitempty"`
	Duration    float64    `json:"duration"`
	Views       int64      `json:"views"`
	IsPublished bool       `json:"isPublished"`
	CreatedAt   web.Time   `json:"createdAt"`
	UpdatedAt   web.Time   `json:"updatedAt"`
}

// idStrings returns ids as strings; never nil, so an empty list is [].
func idStrings(ids []id.ID) []string {
	out := make([]string, len(ids))
	for i, v := range ids {
		out[i] = v.String()
	}
	return out
}

func toRawPlaylist(o playlists.Owned) rawPlaylistJSON {
	p := o.Playlist
	return rawPlaylistJSON{
		ID: p.ID().String(), Owner: p.Owner().String(), Videos: idStrings(o.VideoIDs), Name: p.Name(),
		Description: p.Description(), IsPublished: p.Published(),
		CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt()),
	}
}

func toMyPlaylists(items []playlists.Summary) []myPlaylistJSON {
	out := make([]myPlaylistJSON, len(items))
	for i, s := range items {
		p := s.Playlist
		out[i] = myPlaylistJSON{
			ID: p.ID().String(), Name: p.Name(), Description: p.Description(), Videos: idStrings(s.VideoIDs),
			TotalVideos: s.Videos, PlaylistThumbnail: s.Cover.URL, IsPublished: p.Published(),
			CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt()),
		}
	}
	return out
}

func toUserPlaylists(items []playlists.Summary) []userPlaylistJSON {
	out := make([]userPlaylistJSON, len(items))
	for i, s := range items {
		p := s.Playlist
		out[i] = userPlaylistJSON{
			ID: p.ID().String(), Owner: p.Owner().String(), Name: p.Name(), Description: p.Description(),
			IsPublished: p.Published(), CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt()),
			TotalVideos: s.Videos, PlaylistThumbnail: s.Cover.URL,
		}
	}
	return out
}

func toFoundPlaylists(items []playlists.Summary) []foundPlaylistJSON {
	out := make([]foundPlaylistJSON, len(items))
	for i, s := range items {
		p := s.Playlist
		out[i] = foundPlaylistJSON{
			ID: p.ID().String(), Name: p.Name(), Description: p.Description(), Owner: toOwner(s.Owner),
			TotalVideos: s.Videos, PlaylistThumbnail: s.Cover.URL,
			CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt()),
		}
	}
	return out
}

func toPlaylistDetail(d playlists.Detail) playlistDetailJSON {
	p := d.Playlist
	out := playlistDetailJSON{
		ID: p.ID().String(), Owner: toOwner(d.Owner), Videos: make([]playlistVideoJSON, len(d.Videos)), TotalVideos: len(d.Videos),
		Name: p.Name(), Description: p.Description(), IsPublished: p.Published(),
		CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt()),
	}
	for i, vv := range d.Videos {
		v := vv.Video
		out.Videos[i] = playlistVideoJSON{
			ID: v.ID().String(), Owner: toOwner(vv.Owner), VideoFile: toMedia(v.File()), Thumbnail: v.Thumbnail().URL,
			Title: v.Title(), Duration: v.Duration(), Views: v.Views(), IsPublished: v.Published(),
			CreatedAt: web.Time(v.CreatedAt()), UpdatedAt: web.Time(v.UpdatedAt()),
		}
		if desc, ok := v.Description(); ok {
			out.Videos[i].Description = &desc
		}
	}
	return out
}
