package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// AddVideo appends the video in one transaction holding the playlist's row
// lock, which serializes the changes of one playlist: the size check and
// the next position (the largest plus one) cannot race. On PostgreSQL the
// entry's insert trigger then holds the video FOR KEY SHARE while it
// copies the video's publication and owner (migration entry_visibility):
// playlist, then video, an order no other writer reverses. Adding a video
// the playlist holds writes nothing, not even the updated time, and is
// never ErrFull, so that a retried add succeeds.
func (r *playlists) AddVideo(ctx context.Context, pid, vid id.ID, at time.Time, check func(*playlist.Playlist) error) (*playlist.Playlist, error) {
	return r.locked(ctx, pid, check, func(ctx context.Context, tx bun.Tx, row *playlistRow) (*playlist.Playlist, error) {
		var state struct {
			N    int `bun:"n"`
			Last int `bun:"last"`
			Held int `bun:"held"`
		}
		err := tx.NewRaw(
			"SELECT count(*) AS n, coalesce(max(position), 0) AS last, "+
				"coalesce(sum(CASE WHEN video_id = ? THEN 1 ELSE 0 END), 0) AS held "+
				"FROM playlist_videos WHERE playlist_id = ?",
			vid.String(), pid.String(),
		).Scan(ctx, &state)
		if err != nil {
			return nil, internal(err, "playlist entries")
		}
		if state.Held > 0 {
			return row.playlist(), nil
		}
		if state.N >= playlist.MaxVideos {
			return nil, playlist.ErrFull
		}
		_, err = tx.NewRaw("INSERT INTO playlist_videos (playlist_id, video_id, position) VALUES (?, ?, ?)",
			pid.String(), vid.String(), state.Last+1).Exec(ctx)
		switch {
		case foreignKeyViolation(err):
			// The playlist is locked: the video is the reference missing.
			return nil, playlist.ErrVideoGone.WithCause(err)
		case err != nil:
			return nil, internal(err, "add video to playlist")
		}
		return touchPlaylist(ctx, tx, row, at)
	})
}

// RemoveVideo takes the video out in one transaction holding the
// playlist's row lock. Removing a video the playlist does not hold writes
// nothing, not even the updated time.
func (r *playlists) RemoveVideo(ctx context.Context, pid, vid id.ID, at time.Time, check func(*playlist.Playlist) error) (*playlist.Playlist, error) {
	return r.locked(ctx, pid, check, func(ctx context.Context, tx bun.Tx, row *playlistRow) (*playlist.Playlist, error) {
		res, err := tx.NewDelete().TableExpr("playlist_videos").
			Where("playlist_id = ? AND video_id = ?", pid.String(), vid.String()).Exec(ctx)
		if err != nil {
			return nil, internal(err, "remove video from playlist")
		}
		if n, err := affected(res, "remove video from playlist"); err != nil || n == 0 {
			return row.playlist(), err
		}
		return touchPlaylist(ctx, tx, row, at)
	})
}

// touchPlaylist writes the locked row's updated time, at the stores'
// precision, and returns the playlist as written.
func touchPlaylist(ctx context.Context, tx bun.Tx, row *playlistRow, at time.Time) (*playlist.Playlist, error) {
	row.UpdatedAt = msTime(at).stored()
	if _, err := tx.NewUpdate().Model(row).Column("updated_at").WherePK().Exec(ctx); err != nil {
		return nil, internal(err, "touch playlist")
	}
	return row.playlist(), nil
}

// visibleEntries selects the playlist's entries whose video viewer may
// see (entryVisible), in playlist order, from the entries' index alone;
// its placeholders are the playlist and the viewer. visibleEntryVideos
// joins each entry to its video, for the video's columns.
const (
	visibleEntries     = " FROM playlist_videos AS pv WHERE pv.playlist_id = ? AND " + entryVisible + " ORDER BY pv.position ASC"
	visibleEntryVideos = " FROM playlist_videos AS pv JOIN videos AS v ON v.id = pv.video_id " +
		"WHERE pv.playlist_id = ? AND " + entryVisible + " ORDER BY pv.position ASC"
)

// The statements of a playlist's videos and of their ids, the same in
// both dialects.
var (
	playlistVideosQuery   = "SELECT " + videosColumns + visibleEntryVideos
	playlistVideoIDsQuery = "SELECT pv.video_id" + visibleEntries
)

// Videos is one prepared statement; only an empty result asks a second
// whether the playlist exists.
func (r *playlists) Videos(ctx context.Context, pid, viewer id.ID) ([]*video.Video, error) {
	var rows []videoRow
	if err := r.st.scan(ctx, &rows, playlistVideosQuery, pid.String(), viewer.String()); err != nil {
		return nil, internal(err, "playlist videos")
	}
	if len(rows) == 0 {
		if err := r.exists(ctx, pid); err != nil {
			return nil, err
		}
	}
	out := make([]*video.Video, len(rows))
	for i := range rows {
		out[i] = rows[i].video()
	}
	return out, nil
}

// VideoIDs is one prepared statement; only an empty result asks a second
// whether the playlist exists.
func (r *playlists) VideoIDs(ctx context.Context, pid, viewer id.ID) ([]id.ID, error) {
	var found []string
	if err := r.st.scan(ctx, &found, playlistVideoIDsQuery, pid.String(), viewer.String()); err != nil {
		return nil, internal(err, "playlist video ids")
	}
	if len(found) == 0 {
		if err := r.exists(ctx, pid); err != nil {
			return nil, err
		}
	}
	out := make([]id.ID, len(found))
	for i, key := range found {
		out[i] = id.ID(key)
	}
	return out, nil
}

// exists reports ErrNotFound when the playlist is not stored.
func (r *playlists) exists(ctx context.Context, pid id.ID) error {
	var one int
	err := r.st.scanOne(ctx, &one, "SELECT 1 FROM playlists WHERE id = ?", pid.String())
	return mapNoRows(err, playlist.ErrNotFound, "playlist exists")
}

var _ app.PlaylistPages = (*playlists)(nil)

// playlistPageRow is a row of a playlist's page: the playlist and its
// owner, and one of its videos the viewer may see with the video's owner
// (NULL columns for a playlist without such videos, and for an account
// that is gone).
type playlistPageRow struct {
	Playlist   playlistRow   `bun:"embed:pl_"`
	Owner      userRow       `bun:"embed:po_"`
	Video      videoRow      `bun:"embed:"`
	Position   sql.NullInt64 `bun:"position"`
	VideoOwner userRow       `bun:"embed:u_"`
}

// playlistPageQuery is a playlist's page, by dialect: the playlist by its
// key with its owner's public columns, and the statement of its visible
// videos (visibleEntries), unchanged as a subquery so that it keeps its
// plan, each with its owner's (see ownerJoin). Its placeholders are the
// playlist, the viewer and the playlist again.
var playlistPageQuery = byDialect(func(pg bool) string {
	return "SELECT " + columnsExcept((*playlistRow)(nil), "pl", "pl_", "search_text") + ", " +
		authorColumnsAs("po") + ", e.*, " + authorColumns +
		" FROM playlists AS pl " + userJoin(pg, "po", "pl.owner_id") +
		" LEFT JOIN (SELECT " + videosColumns + ", pv.position AS position" + visibleEntryVideos + ") AS e ON TRUE " +
		ownerJoin(pg, "e.owner_id") + " WHERE pl.id = ? ORDER BY e.position ASC"
})

// PlaylistPage is one prepared statement, whatever the playlist's size
// (at most playlist.MaxVideos).
func (r *playlists) PlaylistPage(ctx context.Context, pid, viewer id.ID) (app.PlaylistPage, error) {
	var rows []playlistPageRow
	if err := r.st.scan(ctx, &rows, playlistPageQuery[r.st.postgres], pid.String(), viewer.String(), pid.String()); err != nil {
		return app.PlaylistPage{}, internal(err, "playlist page")
	}
	if len(rows) == 0 {
		return app.PlaylistPage{}, playlist.ErrNotFound
	}
	first := &rows[0]
	out := app.PlaylistPage{Playlist: first.Playlist.playlist(), Videos: []*video.Video{}, Owners: []*user.User{}}
	out.Owner = ownerCache{}.of(&first.Owner)
	if first.Video.ID == "" {
		return out, nil // no video the viewer may see
	}
	out.Videos, out.Owners = make([]*video.Video, len(rows)), make([]*user.User, len(rows))
	owners := make(ownerCache, len(rows))
	for i := range rows {
		row := &rows[i]
		out.Videos[i] = row.Video.video()
		out.Owners[i] = owners.of(&row.VideoOwner)
	}
	return out, nil
}
