package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
)

// videoRow is a row of videos. Description is a NullString for the reason
// given on userRow.Bio: nil, "" and text must each come back as they went in.
type videoRow struct {
	bun.BaseModel `bun:"table:videos,alias:v"`

	ID          string         `bun:"id,pk"`
	OwnerID     string         `bun:"owner_id"`
	FileURL     string         `bun:"file_url"`
	FileKey     string         `bun:"file_key"`
	ThumbURL    string         `bun:"thumb_url"`
	ThumbKey    string         `bun:"thumb_key"`
	Title       string         `bun:"title"`
	Description sql.NullString `bun:"description"`
	SearchText  string         `bun:"search_text"`
	Duration    float64        `bun:"duration"`
	Views       int64          `bun:"views"`
	Published   bool           `bun:"published"`
	CreatedAt   msTime         `bun:"created_at"`
	UpdatedAt   msTime         `bun:"updated_at"`
	// LikeCount is kept by the database (migration like_counts): read,
	// never written.
	LikeCount int64 `bun:"like_count,scanonly"`
}

func toVideoRow(v *video.Video) *videoRow {
	s := v.Stored()
	return &videoRow{
		ID: s.ID.String(), OwnerID: s.Owner.String(), FileURL: s.File.URL, FileKey: s.File.Key,
		ThumbURL: s.Thumbnail.URL, ThumbKey: s.Thumbnail.Key, Title: s.Title,
		Description: nullString(s.Description), SearchText: searchText(s.Title, s.Description),
		Duration: s.Duration, Views: s.Views, Published: s.Published,
		CreatedAt: msTime(s.CreatedAt), UpdatedAt: msTime(s.UpdatedAt),
	}
}

func (r *videoRow) video() *video.Video {
	return video.FromStored(video.Stored{
		ID: id.ID(r.ID), Owner: id.ID(r.OwnerID),
		File:      video.Media{URL: r.FileURL, Key: r.FileKey},
		Thumbnail: video.Media{URL: r.ThumbURL, Key: r.ThumbKey},
		Title:     r.Title, Description: stringPtr(r.Description), Duration: r.Duration,
		Views: r.Views, Published: r.Published, CreatedAt: r.CreatedAt.Time(), UpdatedAt: r.UpdatedAt.Time(),
	})
}

// searchText is what Search matches: the title and description lowered in
// Go rather than by the database, whose case folding differs between
// engines (SQLite folds ASCII only) and collations. The newline keeps the
// end of the title from running into the description.
func searchText(title string, description *string) string {
	d := ""
	if description != nil {
		d = *description
	}
	return strings.ToLower(title + "\n" + d)
}

// videos implements video.Repository.
type videos struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
	// counts keeps the counts of recent searches; nil keeps none.
	counts *searchCounts
}

var _ video.Repository = (*videos)(nil)

// Create inserts v as it is, view count included.
func (r *videos) Create(ctx context.Context, v *video.Video) error {
	if _, err := r.db.NewInsert().Model(toVideoRow(v)).Exec(ctx); err != nil {
		return internal(err, "create video")
	}
	return nil
}

// videoByIDQuery reads one video by its key (videosColumns).
var videoByIDQuery = "SELECT " + videosColumns + " FROM videos AS v WHERE v.id = ?"

// ByID is one prepared statement: comments, likes and playlists check the
// video they point at on every write and list.
func (r *videos) ByID(ctx context.Context, vid id.ID) (*video.Video, error) {
	var row videoRow
	if err := r.st.scanOne(ctx, &row, videoByIDQuery, vid.String()); err != nil {
		return nil, mapNoRows(err, video.ErrNotFound, "video by id")
	}
	return row.video(), nil
}

// Update reads the video locked for update (see users.Update), applies
// change and writes the mutable fields only, in one transaction. The lock
// is FOR UPDATE, not the weaker lock of the UPDATE itself, because the
// history's hidden flags and the playlist entries' copies of publication
// rest on it: a watch holds the video FOR KEY SHARE while it writes its
// entry (history.lockVideo), as does a playlist entry's insert trigger
// (migration entry_visibility), and only FOR UPDATE waits for them. Any
// other writer of videos.published must lock the row the same way first.
// The view count is left alone in particular: views are counted by their
// own statement, never through a copy read here.
func (r *videos) Update(ctx context.Context, vid id.ID, change func(*video.Video) error) (*video.Video, error) {
	var out *video.Video
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var row videoRow
		if err := forUpdate(tx.NewSelect().Model(&row).Where("id = ?", vid.String())).Scan(ctx); err != nil {
			return mapNoRows(err, video.ErrNotFound, "video for update")
		}
		v := row.video()
		if err := change(v); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model(toVideoRow(v)).
			Column("title", "description", "search_text", "thumb_url", "thumb_key", "published", "updated_at").
			Where("id = ?", vid.String()).Exec(ctx)
		if err != nil {
			return internal(err, "update video")
		}
		out = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete is one statement: the foreign key of video_views, the video's own
// counted views, cascades; those of watch_history, video_likes, comments
// and playlist_videos refuse a video that another aggregate still points
// at (ErrInUse), which the use case removes first.
func (r *videos) Delete(ctx context.Context, vid id.ID) error {
	res, err := r.db.NewDelete().Model((*videoRow)(nil)).Where("id = ?", vid.String()).Exec(ctx)
	if foreignKeyViolation(err) {
		return video.ErrInUse.WithCause(err)
	}
	if err != nil {
		return internal(err, "delete video")
	}
	return mustAffect(res, video.ErrNotFound, "delete video")
}

// UsesMedia looks the key up in file_key and thumb_key (both indexed).
func (r *videos) UsesMedia(ctx context.Context, key string) (bool, error) {
	if key == "" || !text.Storable(key) {
		return false, nil
	}
	ok, err := r.db.NewSelect().Model((*videoRow)(nil)).Where("file_key = ? OR thumb_key = ?", key, key).Exists(ctx)
	if err != nil {
		return false, internal(err, "video media in use")
	}
	return ok, nil
}

// RecordView counts a view in one transaction (History.Watch does the
// same as part of watching). The upsert of the viewer's marker is the
// gate: it writes (and returns a row) only when there was no
// marker or the last counted view is at least window old, and concurrent
// upserts of one marker are serialized by the database, so the same viewer
// racing with itself counts once while distinct viewers all count.
//
// Counting leaves updated_at alone: a view is not an edit, and updated_at
// tells owners and clients when the video itself last changed.
func (r *videos) RecordView(ctx context.Context, videoID, viewer id.ID, at time.Time, window time.Duration) (bool, int64, error) {
	var (
		counted bool
		views   int64
	)
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Selecting the video instead of VALUES makes an unknown video
		// insert nothing, rather than break the foreign key.
		var marked []string
		err := tx.NewRaw(
			"INSERT INTO video_views (video_id, viewer_id, counted_at) "+
				"SELECT id, ?, ? FROM videos WHERE id = ? "+
				"ON CONFLICT (video_id, viewer_id) DO UPDATE SET counted_at = excluded.counted_at "+
				"WHERE video_views.counted_at <= ? "+
				"RETURNING video_id",
			viewer.String(), msTime(at), videoID.String(), msTime(at.Add(-window)),
		).Scan(ctx, &marked)
		if err != nil {
			return err
		}
		counted = len(marked) > 0
		// The marker's trigger added the counted view to videos.views
		// (migration watch_counts_views).
		return tx.NewRaw("SELECT views FROM videos WHERE id = ?", videoID.String()).Scan(ctx, &views)
	})
	switch {
	case err == nil:
		return counted, views, nil
	case errors.Is(err, sql.ErrNoRows), foreignKeyViolation(err):
		// No such video, or it was deleted while the marker was written.
		return false, 0, video.ErrNotFound.WithCause(err)
	default:
		return false, 0, internal(err, "record view")
	}
}
