package sqlstore

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// videosByIDsQuery reads the videos among a list of ids.
var videosByIDsQuery = "SELECT " + videosColumns + " FROM videos AS v WHERE v.id IN " + idListPlaceholder

// ByIDs reads the videos among ids in one prepared statement; missing ones
// are absent.
func (r *videos) ByIDs(ctx context.Context, ids []id.ID) (map[id.ID]*video.Video, error) {
	keys, err := idKeys(ids, "videos by ids")
	if err != nil {
		return nil, err
	}
	out := make(map[id.ID]*video.Video, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	rows := make([]videoRow, 0, len(keys))
	if err := r.st.scan(ctx, &rows, r.st.anyOf(videosByIDsQuery), r.st.list(keys)); err != nil {
		return nil, internal(err, "videos by ids")
	}
	for i := range rows {
		out[id.ID(rows[i].ID)] = rows[i].video()
	}
	return out, nil
}

// Totals is one statement on the owner's index.
func (r *videos) Totals(ctx context.Context, owner id.ID, publishedOnly bool) (video.Totals, error) {
	var t struct {
		Videos int64 `bun:"videos"`
		Views  int64 `bun:"views"`
	}
	sel := r.db.NewSelect().Model((*videoRow)(nil)).
		ColumnExpr("count(*) AS videos, CAST(coalesce(sum(views), 0) AS BIGINT) AS views").
		Where("owner_id = ?", owner.String())
	if publishedOnly {
		sel = sel.Where("published = ?", true)
	}
	if err := sel.Scan(ctx, &t); err != nil {
		return video.Totals{}, internal(err, "video totals")
	}
	return video.Totals{Videos: t.Videos, Views: t.Views}, nil
}
