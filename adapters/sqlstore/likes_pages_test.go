package sqlstore

import (
	"strings"
	"testing"

	"github.com/stagecast/stagecast/domain/list"
)

// A page of liked videos walks the liker's likes on their index, in its
// order, and looks each video and owner up by key: SQLite, which plans
// without statistics, must not walk the videos instead.
func TestLikedPagePlan(t *testing.T) {
	t.Parallel()
	db := testSQLite(t)
	text, args, _ := pageQuery(db.stmts, list.Window{Limit: 10}, likedSpec(false, "u"))
	stmt := db.stmts.bun.QueryGen().FormatQuery(text, args...)
	plan := explain(t, db, stmt)
	for _, want := range []string{
		"SEARCH l USING COVERING INDEX video_likes_user_created_idx (user_id=?)",
		"SEARCH v USING INDEX sqlite_autoindex_videos_1 (id=?)",
		"SEARCH u USING INDEX sqlite_autoindex_users_1 (id=?)",
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan of\n%s\nlacks %q:\n%s", stmt, want, plan)
		}
	}
	if strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("the plan of\n%s\nsorts instead of walking the likes in order:\n%s", stmt, plan)
	}
}
