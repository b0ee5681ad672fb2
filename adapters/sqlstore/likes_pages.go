package sqlstore

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

var _ app.LikedPages = (*likes)(nil)

// likedVideoRow is a liked video with its owner (NULL columns when the
// account is gone).
type likedVideoRow struct {
	videoRow

	Owner userRow `bun:"embed:u_"`
}

// LikedPage reads the page in one prepared statement (likedSpec): the
// likes, their videos and their owners. The list shows no total, so
// nothing is counted (readRows).
func (r *likes) LikedPage(ctx context.Context, userID id.ID, w list.Window) ([]*video.Video, []*user.User, error) {
	rows, _, err := readRows[likedVideoRow](ctx, r.st, w, likedSpec(r.st.postgres, userID))
	if err != nil {
		return nil, nil, err
	}
	vs := make([]*video.Video, len(rows))
	owners := make([]*user.User, len(rows))
	cache := make(ownerCache, len(rows))
	for i := range rows {
		vs[i], owners[i] = rows[i].video(), cache.of(&rows[i].Owner)
	}
	return vs, owners, nil
}

// likedSpec is the list of the videos a user liked and may see, most
// recently liked first, as likedVideosQuery selects them, each with its
// video's columns and its owner's (authorColumns). The likes are read on
// their index (user_id, created_at, video_id) in its order, and each video
// and owner looked up by key, as the history's page does (on SQLite the
// visibility test keeps the videos' other indexes out, see videoVisible).
func likedSpec(postgres bool, userID id.ID) pageSpec {
	uid := userID.String()
	return pageSpec{
		op:      "liked videos",
		from:    "video_likes AS l JOIN videos AS v ON v.id = l.video_id " + ownerJoin(postgres, "v.owner_id"),
		columns: videosColumns + ", " + authorColumns,
		where:   []string{"l.user_id = ?", videoVisible[postgres]},
		args:    []any{uid, uid},
		order:   timeOrder{at: "l.created_at", id: "l.video_id", desc: true},
	}
}
