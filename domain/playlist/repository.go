package playlist

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/video"
)

// Summary is a playlist in a list, with what a viewer sees of its videos:
// only videos visible to the viewer (published, or the viewer's own) count.
type Summary struct {
	Playlist *Playlist
	// Videos is the number of visible videos.
	Videos int
	// Cover is the thumbnail of the first visible video in playlist order;
	// the zero Media when there is none.
	Cover video.Media
	// VideoIDs are the visible videos' ids in playlist order, when the
	// query asked for them.
	VideoIDs []id.ID
}

// Query selects playlists, newest first (by creation time, then id).
type Query struct {
	Owner         id.ID  // only this owner's playlists, when set
	PublishedOnly bool   // leave out private playlists
	Search        string // case-insensitive literal substring of name or description
	// Viewer decides which videos count in each summary.
	Viewer       id.ID
	WithVideoIDs bool
	list.Window
}

// Repository stores playlists and their videos. A playlist holds a video
// at most once, and at most MaxVideos of them, in the order they were
// added.
type Repository interface {
	Create(ctx context.Context, p *Playlist) error
	// ByID returns a playlist or ErrNotFound.
	ByID(ctx context.Context, id id.ID) (*Playlist, error)
	// Update applies change to the stored playlist atomically and writes
	// back its name, description, publish state and updated time; it
	// returns the playlist as written, or change's error with nothing
	// written, or ErrNotFound. change must not do I/O.
	Update(ctx context.Context, id id.ID, change func(*Playlist) error) (*Playlist, error)
	// Delete removes the playlist with its list of videos; ErrNotFound
	// when gone.
	Delete(ctx context.Context, id id.ID) error
	// AddVideo appends the video unless the playlist holds it already,
	// after check approves the locked playlist, and sets its updated time
	// to at. ErrNotFound, ErrVideoGone, ErrFull, or check's error.
	AddVideo(ctx context.Context, playlistID, videoID id.ID, at time.Time, check func(*Playlist) error) (*Playlist, error)
	// RemoveVideo takes the video out of the playlist, if it is in it,
	// after check approves the locked playlist. ErrNotFound, or check's
	// error.
	RemoveVideo(ctx context.Context, playlistID, videoID id.ID, at time.Time, check func(*Playlist) error) (*Playlist, error)
	// Videos returns the playlist's videos visible to viewer, in playlist
	// order.
	Videos(ctx context.Context, playlistID, viewer id.ID) ([]*video.Video, error)
	// VideoIDs returns the ids of the playlist's videos visible to viewer,
	// in playlist order.
	VideoIDs(ctx context.Context, playlistID, viewer id.ID) ([]id.ID, error)
	// List returns a page of playlist summaries.
	List(ctx context.Context, q Query) (list.Page[Summary], error)
	// RemoveVideoEverywhere takes the video out of every playlist and
	// returns how many held it, before the video is deleted.
	RemoveVideoEverywhere(ctx context.Context, videoID id.ID) (int, error)
}
