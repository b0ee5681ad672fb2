package sqlstore

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// recordRow is a video with its owner and the figures of its page.
type recordRow struct {
	Video          videoRow `bun:"embed:v_"`
	Owner          userRow  `bun:"embed:u_"`
	Liked          bool     `bun:"liked"`
	OwnerFollowers int64    `bun:"owner_followers"`
	CallerFollows  bool     `bun:"caller_follows"`
}

// recordQuery reads a video's page: the video with its like count, its
// owner's public columns (authorColumns), and each other figure as a
// subquery on its own index (video_likes' primary key, the owner's
// followers in list_counts, and the follower's unique pair in follows).
// Its placeholders are the viewer twice, then the video.
var recordQuery = "SELECT " + videoColumnsAs("v_") + ", " + authorColumns + ", " +
	"EXISTS (SELECT 1 FROM video_likes AS l WHERE l.video_id = v.id AND l.user_id = ?) AS liked, " +
	"(SELECT coalesce(max(items), 0) FROM list_counts WHERE list = 'followers' AND subject = v.owner_id) AS owner_followers, " +
	"EXISTS (SELECT 1 FROM follows AS f WHERE f.following_id = v.owner_id AND f.follower_id = ?) AS caller_follows " +
	"FROM videos AS v JOIN users AS u ON u.id = v.owner_id WHERE v.id = ?"

var _ app.VideoRecords = (*videos)(nil)

// VideoRecord is one prepared statement.
func (r *videos) VideoRecord(ctx context.Context, videoID, viewer id.ID) (app.VideoRecord, error) {
	var row recordRow
	if err := r.st.scanOne(ctx, &row, recordQuery, viewer.String(), viewer.String(), videoID.String()); err != nil {
		return app.VideoRecord{}, mapNoRows(err, video.ErrNotFound, "video record")
	}
	return app.VideoRecord{
		Video:          row.Video.video(),
		Figures:        app.Figures{Owner: row.Owner.user(), Likes: row.Video.LikeCount, Liked: row.Liked},
		OwnerFollowers: row.OwnerFollowers,
		CallerFollows:  row.CallerFollows,
	}, nil
}
