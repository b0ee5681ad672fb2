package sqlstore

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
)

// playlistRow is a row of playlists.
type playlistRow struct {
	bun.BaseModel `bun:"table:playlists,alias:p"`

	ID          string `bun:"id,pk"`
	OwnerID     string `bun:"owner_id"`
	Name        string `bun:"name"`
	Description string `bun:"description"`
	SearchText  string `bun:"search_text"`
	Published   bool   `bun:"published"`
	CreatedAt   msTime `bun:"created_at"`
	UpdatedAt   msTime `bun:"updated_at"`
}

func toPlaylistRow(p *playlist.Playlist) *playlistRow {
	s := p.Stored()
	return &playlistRow{
		ID: s.ID.String(), OwnerID: s.Owner.String(), Name: s.Name, Description: s.Description,
		// Lowered in Go for the reason given on searchText.
		SearchText: strings.ToLower(s.Name + "\n" + s.Description),
		Published:  s.Published, CreatedAt: msTime(s.CreatedAt), UpdatedAt: msTime(s.UpdatedAt),
	}
}

func (r *playlistRow) playlist() *playlist.Playlist {
	return playlist.FromStored(playlist.Stored{
		ID: id.ID(r.ID), Owner: id.ID(r.OwnerID), Name: r.Name, Description: r.Description,
		Published: r.Published, CreatedAt: r.CreatedAt.Time(), UpdatedAt: r.UpdatedAt.Time(),
	})
}

// playlists implements playlist.Repository on playlists and
// playlist_videos.
type playlists struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
}

var _ playlist.Repository = (*playlists)(nil)

// Create inserts the playlist without videos.
func (r *playlists) Create(ctx context.Context, p *playlist.Playlist) error {
	if _, err := r.db.NewInsert().Model(toPlaylistRow(p)).Exec(ctx); err != nil {
		return internal(err, "create playlist")
	}
	return nil
}

// playlistByIDQuery reads one whole playlist row by its key.
var playlistByIDQuery = "SELECT " + columnsOf((*playlistRow)(nil), "p", "") + " FROM playlists AS p WHERE p.id = ?"

// ByID is one prepared statement: a playlist's page and every change of
// it read it first.
func (r *playlists) ByID(ctx context.Context, pid id.ID) (*playlist.Playlist, error) {
	var row playlistRow
	if err := r.st.scanOne(ctx, &row, playlistByIDQuery, pid.String()); err != nil {
		return nil, mapNoRows(err, playlist.ErrNotFound, "playlist by id")
	}
	return row.playlist(), nil
}

// Update reads the playlist locked for update (see users.Update), applies
// change and writes the owner's fields only, in one transaction.
func (r *playlists) Update(ctx context.Context, pid id.ID, change func(*playlist.Playlist) error) (*playlist.Playlist, error) {
	var changed *playlist.Playlist
	keep := func(p *playlist.Playlist) error {
		changed = p
		return change(p)
	}
	return r.locked(ctx, pid, keep, func(ctx context.Context, tx bun.Tx, row *playlistRow) (*playlist.Playlist, error) {
		// Only these fields are written: the result is the locked row
		// with them, whatever else change set.
		w := toPlaylistRow(changed)
		row.Name, row.Description, row.SearchText = w.Name, w.Description, w.SearchText
		row.Published, row.UpdatedAt = w.Published, w.UpdatedAt.stored()
		_, err := tx.NewUpdate().Model(row).
			Column("name", "description", "search_text", "published", "updated_at").
			WherePK().Exec(ctx)
		if err != nil {
			return nil, internal(err, "update playlist")
		}
		return row.playlist(), nil
	})
}

// locked runs write in one transaction holding the playlist's row lock,
// once check has approved (or changed) the playlist as stored; write
// returns the playlist as it leaves it. Every change of a playlist goes
// through here, so the changes of one playlist never interleave.
func (r *playlists) locked(ctx context.Context, pid id.ID, check func(*playlist.Playlist) error,
	write func(ctx context.Context, tx bun.Tx, row *playlistRow) (*playlist.Playlist, error),
) (*playlist.Playlist, error) {
	var out *playlist.Playlist
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		row, err := lockPlaylistRow(ctx, tx, pid)
		if err != nil {
			return err
		}
		if err := check(row.playlist()); err != nil {
			return err
		}
		out, err = write(ctx, tx, row)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lockPlaylistRow reads the playlist's row locked until tx ends (see
// forUpdate).
func lockPlaylistRow(ctx context.Context, tx bun.Tx, pid id.ID) (*playlistRow, error) {
	var row playlistRow
	if err := forUpdate(tx.NewSelect().Model(&row).Where("id = ?", pid.String())).Scan(ctx); err != nil {
		return nil, mapNoRows(err, playlist.ErrNotFound, "playlist for update")
	}
	return &row, nil
}

// Delete is one statement: the entries are the playlist's own part, and
// their foreign key cascades.
func (r *playlists) Delete(ctx context.Context, pid id.ID) error {
	res, err := r.db.NewDelete().Model((*playlistRow)(nil)).Where("id = ?", pid.String()).Exec(ctx)
	if err != nil {
		return internal(err, "delete playlist")
	}
	return mustAffect(res, playlist.ErrNotFound, "delete playlist")
}

// RemoveVideoEverywhere is one delete on the entries' video index. It
// leaves the playlists' updated times alone: their owners did not change
// them, and the playlists stay unlocked.
func (r *playlists) RemoveVideoEverywhere(ctx context.Context, vid id.ID) (int, error) {
	res, err := r.db.NewDelete().TableExpr("playlist_videos").Where("video_id = ?", vid.String()).Exec(ctx)
	if err != nil {
		return 0, internal(err, "remove video from playlists")
	}
	return affected(res, "remove video from playlists")
}
