package sqlstore

import (
	"github.com/stagecast/stagecast/domain/video"
)

// maxLatestDepth is how deep a feed page by offset, newest first, is read
// by latestFeedPage: its cost grows with the square of the depth.
const maxLatestDepth = 64

// latestFeed reports whether q is a page of a subscription feed (see
// feedOnly) that latestFeedPage reads: by offset, newest first, no deeper
// than maxLatestDepth.
func latestFeed(q video.Query, col string) bool {
	return feedOnly(q, col) && q.After == nil && q.Desc && pageOffset(q.Page, q.Limit)+q.Limit+1 <= maxLatestDepth
}

// latestFeedPage is the statement of a feed page that latestFeed accepts,
// which reads as many rows whatever the member follows and the site holds.
// Each follow carries the followed owner's latest published video
// (migration feed_counts), and the follower's follows are walked in that
// order (follows_feed_idx): a page depth videos deep (its offset, its size
// and one more) holds videos of the first depth owners only, since each
// of them has a video newer than any of a later owner's, and at most
// depth videos of each. So the page reads depth follows and depth videos
// of each owner from the owner's index, at most depth² keys, and orders
// them; the total is the feed's count (migration feed_counts).
//
// PostgreSQL reads each owner's videos laterally, the keys alone, and
// then the page's rows by key. SQLite has no lateral join: it reads each
// owner's videos from the owner's depth-th newest on, a range of the
// owner's index whose start a subquery finds.
func (r *videos) latestFeedPage(q video.Query, st pageStatement) pageStatement {
	st.countSQL, st.countArgs = r.countQuery(q, nil, nil)
	st.offset = pageOffset(q.Page, q.Limit)
	depth := st.offset + q.Limit + 1
	follower := q.FollowedBy.String()
	args := append(st.countArgs[:len(st.countArgs):len(st.countArgs)], follower, depth)
	if r.st.postgres {
		st.text, st.args = latestFeedPostgres, append(args, depth, q.Limit+1, st.offset)
		return st
	}
	st.text, st.args = latestFeedSQLite, append(args, depth-1, q.Limit+1, st.offset)
	return st
}

// latestOwners selects the follower's first followed owners by their
// latest published video; its values are the follower and how many.
const latestOwners = "SELECT f.following_id FROM follows AS f WHERE f.follower_id = ? AND f.owner_latest_at IS NOT NULL " +
	"ORDER BY f.owner_latest_at DESC, f.owner_latest_id DESC LIMIT ?"

// latestOrder is the feed's order, newest first, of the rows of alias.
func latestOrder(alias string) string {
	return " ORDER BY " + alias + ".created_at DESC, " + alias + ".id DESC"
}

// feedTotal is the feed's total with a placeholder for the follower.
const feedTotal = "SELECT coalesce(max(items), 0) FROM list_counts WHERE list = 'feed' AND subject = ?"

// The texts of latestFeedPage. Their values: the follower (the total),
// the follower and the owners' count (latestOwners), the videos read per
// owner (PostgreSQL) or the offset of the owner's oldest one read
// (SQLite), the page's size and one, and its offset.
var (
	latestFeedPostgres = "SELECT " + videosColumns + ", (" + feedTotal + ") AS list_total " +
		"FROM (SELECT k.id FROM (" + latestOwners + ") AS f CROSS JOIN LATERAL (" +
		"SELECT v.id, v.created_at FROM videos AS v WHERE v.owner_id = f.following_id AND v.published = TRUE" +
		latestOrder("v") + " LIMIT ?) AS k" + latestOrder("k") + " LIMIT ? OFFSET ?) AS page " +
		"CROSS JOIN LATERAL (SELECT * FROM videos WHERE videos.id = page.id LIMIT 1) AS v" + latestOrder("v")

	latestFeedSQLite = "SELECT " + videosColumns + ", (" + feedTotal + ") AS list_total " +
		"FROM (" + latestOwners + ") AS f JOIN videos AS v ON v.owner_id = f.following_id AND v.published = TRUE " +
		"AND v.created_at >= coalesce((SELECT w.created_at FROM videos AS w " +
		"WHERE w.owner_id = f.following_id AND w.published = TRUE" + latestOrder("w") + " LIMIT 1 OFFSET ?), -9223372036854775808)" +
		latestOrder("v") + " LIMIT ? OFFSET ?"
)
