package sqlstore

import (
	"strings"

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
// order (follows_feed_idx). A page depth videos deep (its offset, its size
// and one more) holds videos of the first depth owners only, at most depth
// of each, none older than the depth-th owner's latest: each of those
// owners has a video at least as new as any of a later owner's, and at
// least as new as that one. So the page reads depth follows, and each
// owner's videos from the owner's index, down to that bound (when there
// are as many owners as the depth) and depth of them at most; it orders
// those keys, and reads the page's rows. Where owners post in turn, as
// the load bench's do, the bound leaves about one video per owner. The
// total is the feed's count (migration feed_counts).
//
// Its window (see pageStatement), run first, reads the page from the
// follows alone where it can (latestWindow).
//
// PostgreSQL reads each owner's videos laterally, the keys alone, with a
// LIMIT, and then the page's rows by key, in the keys' order
// (pageKeyedColumns). SQLite has no lateral join: it reads each owner's
// videos from the later of the bound and the owner's depth-th newest,
// which a subquery finds (ties at that upload time are read too, and
// ordered out). Its CROSS JOIN keeps the owners the outer loop: without
// statistics (the server's database has none), SQLite otherwise walks
// the site's latest videos and tests each one's owner against a Bloom
// filter of the owners, the walk this statement spares.
func (r *videos) latestFeedPage(q video.Query, st pageStatement) pageStatement {
	st.countSQL, st.countArgs = r.countQuery(q, nil, nil)
	st.offset = pageOffset(q.Page, q.Limit)
	depth := st.offset + q.Limit + 1
	follower := q.FollowedBy.String()
	st.window = &pageStatement{
		text: latestWindow[r.st.postgres], order: st.order, countSQL: st.countSQL, countArgs: st.countArgs,
		args: []any{follower, depth, feedList, follower, q.Limit + 1, st.offset},
	}
	if r.st.postgres {
		st.text, st.args = latestFeedPostgres, []any{follower, depth, feedList, follower, depth, depth, q.Limit + 1, st.offset}
		return st
	}
	st.text, st.args = latestFeedSQLite, []any{follower, depth, depth, feedList, follower, depth - 1, q.Limit + 1, st.offset}
	return st
}

// latestWindow is the text of a latest feed page's window, by dialect
// (postgres or not): the page read from the follows alone, which holds
// when none of the follower's first depth owners (latest first, see
// latestOwners) has a second video (migration feed_seconds) as new as the
// depth-th owner's latest. The feed's first depth videos are then those
// owners' latest ones, in the owners' order: a later owner's videos are
// all older than the depth-th owner's latest, and so are the first
// owners' other videos, none newer than their second. Otherwise, or when
// the follower follows fewer than depth owners with a video, the window
// returns fewer rows than a full page and one, and latestFeedPage's
// statement runs (windowAnswered).
//
// Where owners post in turn, as the load bench's do, the window answers:
// it reads the depth follows from follows_feed_idx and the page's videos
// by key, where latestFeedPage's statement also walks each owner's index
// and sorts what it found. Under make load (scale 1) it cut the
// database's CPU per feed page from 394 to 328 µs on PostgreSQL, and the
// server's from 663 to 551 µs on SQLite, where the database runs inside
// it. Where one of the first owners posted twice lately, the window costs
// a round trip for nothing.
//
// Its values: the follower and the depth (latestOwners), the feed's list
// and the follower (the total), the page's size and one, and its offset.
var latestWindow = map[bool]string{
	true: latestWindowText("SELECT " + pageKeyedColumns + ", (" + totalSQL + ") AS list_total FROM (%s) AS page " +
		"CROSS JOIN LATERAL (SELECT * FROM videos WHERE videos.id = page.id LIMIT 1) AS v" + latestOrder("page")),
	false: latestWindowText("SELECT " + videosColumns + ", (" + totalSQL + ") AS list_total FROM (%s) AS page " +
		"CROSS JOIN videos AS v ON v.id = page.id" + latestOrder("page")),
}

// latestWindowText is latestWindow's text around the statement of the
// page's keys, which page's %s stands for.
func latestWindowText(page string) string {
	owners := "owners AS MATERIALIZED (SELECT f.owner_latest_at, f.owner_latest_id, f.owner_second_at, f.owner_second_id " +
		"FROM follows AS f WHERE f.follower_id = ? AND f.owner_latest_at IS NOT NULL " +
		"ORDER BY f.owner_latest_at DESC, f.owner_latest_id DESC LIMIT ?)"
	// The depth-th owner's latest, or the last one's when there are
	// fewer: the page is then too short to answer.
	bound := "bound (at, id) AS MATERIALIZED (SELECT o.owner_latest_at, o.owner_latest_id FROM owners AS o " +
		"ORDER BY o.owner_latest_at, o.owner_latest_id LIMIT 1)"
	// A second video compares as NULL, and holds nothing back, when the
	// owner has none.
	keys := "SELECT o.owner_latest_id AS id, o.owner_latest_at AS created_at FROM owners AS o " +
		"WHERE NOT EXISTS (SELECT 1 FROM owners AS s CROSS JOIN bound AS b WHERE (s.owner_second_at, s.owner_second_id) >= (b.at, b.id))" +
		" ORDER BY o.owner_latest_at DESC, o.owner_latest_id DESC LIMIT ? OFFSET ?"
	return "WITH " + owners + ", " + bound + " " + strings.Replace(page, "%s", keys, 1)
}

// latestOwners are the follower's first followed owners by their latest
// published video, with its upload time; its values are the follower and
// how many.
const latestOwners = "owners AS MATERIALIZED (SELECT f.following_id, f.owner_latest_at FROM follows AS f " +
	"WHERE f.follower_id = ? AND f.owner_latest_at IS NOT NULL ORDER BY f.owner_latest_at DESC, f.owner_latest_id DESC LIMIT ?)"

// latestBound is the upload time no video of the page is older than: the
// last owner's latest when latestOwners found as many owners as the
// depth, its value; NULL when it found fewer.
const latestBound = "SELECT CASE WHEN count(*) = ? THEN min(o.owner_latest_at) END FROM owners AS o"

// latestOrder is the feed's order, newest first, of the rows of alias.
func latestOrder(alias string) string {
	return " ORDER BY " + alias + ".created_at DESC, " + alias + ".id DESC"
}

// minTime is an upload time before any other on SQLite (milliseconds).
const minTime = "-9223372036854775808"

// feedList is the feed's list in list_counts (migration feed_counts),
// whose subject is the follower.
const feedList = "feed"

// The texts of latestFeedPage. Their values, on PostgreSQL: the follower
// and the depth (latestOwners), the feed's list and the follower (the
// total, totalSQL), the depth (latestBound) and the videos read per owner,
// the page's size and one, and its offset. On SQLite: the follower and
// the depth, the depth, the feed's list and the follower, the offset of
// an owner's oldest video read, the page's size and one, and its offset.
var (
	latestFeedPostgres = "WITH " + latestOwners + " SELECT " + pageKeyedColumns + ", (" + totalSQL + ") AS list_total " +
		"FROM (SELECT k.id, k.created_at FROM owners AS f CROSS JOIN LATERAL (" +
		"SELECT v.id, v.created_at FROM videos AS v WHERE v.owner_id = f.following_id AND v.published = TRUE " +
		"AND v.created_at >= coalesce((" + latestBound + "), '-infinity')" +
		latestOrder("v") + " LIMIT ?) AS k" + latestOrder("k") + " LIMIT ? OFFSET ?) AS page " +
		"CROSS JOIN LATERAL (SELECT * FROM videos WHERE videos.id = page.id LIMIT 1) AS v" + latestOrder("page")

	latestFeedSQLite = "WITH " + latestOwners + ", bound (at) AS (" + latestBound + ") " +
		"SELECT " + videosColumns + ", (" + totalSQL + ") AS list_total " +
		"FROM owners AS f CROSS JOIN videos AS v WHERE v.owner_id = f.following_id AND v.published = TRUE " +
		"AND v.created_at >= max(coalesce((SELECT at FROM bound), " + minTime + "), coalesce((SELECT w.created_at FROM videos AS w " +
		"WHERE w.owner_id = f.following_id AND w.published = TRUE" + latestOrder("w") + " LIMIT 1 OFFSET ?), " + minTime + "))" +
		latestOrder("v") + " LIMIT ? OFFSET ?"
)
