package sqlstore

import (
	"strconv"
	"strings"
	"sync"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// feedOnly reports whether q is the subscription feed alone: the published
// videos of the owners a user follows, by upload time, with no other
// filter.
func feedOnly(q video.Query, col string) bool {
	return !q.FollowedBy.IsZero() && q.Owner.IsZero() && q.Search == "" && q.PublishedOnly && col == "created_at"
}

// maxFeedDepth is how deep in a feed an offset page is read by feedPage:
// a deeper one would read that many videos of every owner followed, more
// than the plain statement, which reads the followed owners' published
// videos once.
const maxFeedDepth = 200

// feedPage is PostgreSQL's statement of a subscription feed's page (see
// feedOnly). Each followed owner's first published videos in the page's
// order are read from the owner's own index
// (videos_owner_published_created_idx), at most as many as the page could
// take from one owner, and the page is the first of those: the cost grows
// with the owners followed and the depth of the page (keyset pages have
// none), never with the site's videos. The candidates are the index's
// keys alone (an index-only scan), and only the page's videos are then
// read whole, each by its key: a lateral lookup, which a generic plan
// cannot turn into a hash of the whole table. st holds the page's order.
//
// A page by offset, newest first, no deeper than maxLatestDepth is read
// by latestFeedPage instead. A keyset page (a feed's next page by
// cursor) no deeper than maxWindowDepth is first looked for among the
// site's first published videos past its position (feedWindowText).
func (r *videos) feedPage(q video.Query, st pageStatement) pageStatement {
	st.countSQL, st.countArgs = r.countQuery(q, nil, nil)
	texts := r.feedTexts(q.After != nil, q.Desc)
	args := append([]any{}, st.countArgs...)
	perOwner := q.Limit + 1
	if q.After != nil {
		args = append(args, r.afterValue(q), q.After.ID.String())
	} else {
		st.offset = pageOffset(q.Page, q.Limit)
		perOwner += st.offset
	}
	st.text = texts.page
	st.args = append(args[:len(args):len(args)], perOwner, q.FollowedBy.String(), q.Limit+1, st.offset)
	if q.After != nil && perOwner <= maxWindowDepth {
		// The window's values: the total's and the page's position,
		// as the page's; then the site's count, the window's size,
		// the follower and the page's size and one.
		st.window = &pageStatement{
			text: texts.window, order: st.order, countSQL: st.countSQL, countArgs: st.countArgs,
			args: append(append(args, texts.publicArgs...), feedWindowSize(perOwner), q.FollowedBy.String(), q.Limit+1),
		}
	}
	return st
}

// feedText is the text of feedPage's statement and of its window's (a
// keyset page's only) for one shape of page: by offset or by position
// (keyset), newest first or oldest first (desc), and the values of the
// site's count in the window, the same for every page (read only: each
// page copies them).
type feedText struct {
	page, window string
	publicArgs   []any
}

// feedTexts returns the texts of a feed page's statements, built once per
// shape: they are PostgreSQL's alone, and the same for every page of a
// shape, so that a page builds none of their few kilobytes, nor the
// site's count's values.
func (r *videos) feedTexts(keyset, desc bool) feedText {
	shape := [2]bool{keyset, desc}
	if t, ok := feedTextsByShape.Load(shape); ok {
		return t.(feedText)
	}
	_, public := r.countQuery(video.Query{PublishedOnly: true}, nil, nil)
	t := feedText{page: r.feedPageText(keyset, desc), publicArgs: public}
	if keyset {
		// Only a keyset page has a window (see feedPage).
		t.window = r.feedWindowText(desc)
	}
	feedTextsByShape.Store(shape, t)
	return t
}

// feedTextsByShape holds the texts feedTexts built, by shape: four at
// most.
var feedTextsByShape sync.Map

// feedPageText is the text of feedPage's statement. Its values are the
// follower (the total), a keyset page's position, the videos read from
// each owner, the follower, the page's size and one, and its offset.
func (r *videos) feedPageText(keyset, desc bool) string {
	dir := orderWord(desc)
	order := func(alias string) string {
		return " ORDER BY " + alias + ".created_at " + dir + ", " + alias + ".id " + dir
	}
	countSQL, _ := r.countQuery(video.Query{FollowedBy: feedTextsOwner, PublishedOnly: true}, nil, nil)
	inner := "SELECT v.id, v.created_at FROM videos AS v WHERE v.owner_id = f.following_id AND v.published = TRUE"
	if keyset {
		inner += " AND " + afterCondition("created_at", desc)
	}
	page := "SELECT k.id, k.created_at FROM follows AS f CROSS JOIN LATERAL (" + inner + order("v") + " LIMIT ?) AS k " +
		"WHERE f.follower_id = ?" + order("k") + " LIMIT ? OFFSET ?"
	return "SELECT " + pageKeyedColumns + ", (" + countSQL + ") AS list_total " +
		"FROM (" + page + ") AS page CROSS JOIN LATERAL (SELECT * FROM videos WHERE videos.id = page.id LIMIT 1) AS v" +
		order("page")
}

// pageKeyedColumns are videosColumns with the id and the upload time of
// each row taken from the page's keys, page, rather than from the video
// looked up by them: the same values, in the order the page's subquery
// sorted them, which PostgreSQL then knows the rows keep (the lookup is a
// nested loop), so that neither the statement nor figuredStatement around
// it sorts them again. A sort of a page's few rows costs little, but
// PostgreSQL sets one up on every run of a prepared statement. Were
// videosColumns to name those two columns otherwise, the statements would
// still be right but sort twice: the package refuses to start instead.
var pageKeyedColumns = func() string {
	cols := strings.NewReplacer(
		"v.id AS id", "page.id AS id",
		"v.created_at AS created_at", "page.created_at AS created_at",
	).Replace(videosColumns)
	if strings.Count(cols, "page.") != 2 {
		panic("sqlstore: videosColumns names no v.id or no v.created_at: " + videosColumns)
	}
	return cols
}()

// feedTextsOwner stands for the follower in the queries whose texts
// feedTexts builds: only the texts are kept.
const feedTextsOwner = id.ID("feed")

// Bounds of a feed's window (see feedWindowText): the window is
// feedWindowFactor times as many videos as the page's depth, maxWindow at
// most, and is read only when the followed owners hold at least one in
// feedMinShare of the site's published videos; a page deeper than
// maxWindowDepth is not looked for in a window. The window serves keyset
// pages only, a feed's next pages by cursor: its shallow pages by offset,
// newest first, are latestFeedPage's. The figures below were measured on
// first pages by offset, which it served before migration feed_counts.
//
// Were the followed owners' videos spread over time as everyone's are, a
// window of feedMinShare times the depth would hold the page. But owners
// post in spells: the load bench at scale 10 has its member follow 250
// owners of 500 who post in turn, so that the site's latest 250 videos are
// all by owners it does not follow, and the page lies 24 times its depth
// down the walk. A window of 16 times the depth (176 videos for a first
// page of ten) missed it, and the feed took both statements, 1.6 ms in
// all on a copy of that data (feedPage reads 11 videos of each of the 250
// owners); one of 64 times holds it, in one statement of 0.5 ms. The walk
// stops with the page, so a wider window costs only where it misses: a
// first page of ten then walks 704 videos where it walked 176, and
// maxWindow bounds the walk at 1,024, as deep as the deepest window
// walked before.
const (
	feedWindowFactor = 64
	feedMinShare     = 8
	maxWindowDepth   = 64
	maxWindow        = 1024
)

// feedWindowSize is how many of the site's videos the window of a page
// depth videos deep walks at most (see feedWindowFactor).
func feedWindowSize(depth int) int { return min(depth*feedWindowFactor, maxWindow) }

// feedWindowText is the text of a keyset feed page's window: the
// statement of the page feedPage reads, looked for in a window of the
// site's first published videos past the page's position in its order
// (desc: newest first), as many as feedWindowSize gives for the page's
// depth (its size and one more): the window is a walk of the published
// videos' index in the page's order, each row kept when its owner is
// followed, until the page is full. The window is a prefix of the order, so the page it holds is
// the page; when it holds too few of the followed owners' videos,
// windowAnswered says so, and feedPage's statement runs.
//
// Where the followed owners post a good share of the site's videos, as
// the loaded feed's owners do (a member following half of the others),
// the walk reads a few dozen rows, where feedPage reads every followed
// owner's first videos and sorts them: measured with pgbench on generic
// plans, on a copy of the load bench's database as its load left it (two
// cores, PostgreSQL 15, 25 owners followed of 50), the statement with
// its figures took 217 µs of the database's CPU where feedPage's took
// 318 (180 and 292 with randomPageCost). Where they post few, the walk
// would read the whole window for nothing, so the window is read only
// when the followed owners' share of the published videos (from the
// counts, feedMinShare) promises the page; otherwise the statement reads
// two counts and no row, 80 µs, before feedPage's runs.
//
// Whether a row's owner is followed is looked up in a hash of the
// follower's follows, built once per statement (a hashed subplan): as a
// plain IN, which the planner turns into a join, it may instead hash the
// follows and sort every match of the window, reading the window whole
// when it expects few matches; IS TRUE keeps the IN a filter of the walk.
// A count of the follow's key per row, as figuredTexts tells a liked row,
// cost 24 µs more for the loaded feed's page.
func (r *videos) feedWindowText(desc bool) string {
	countSQL, _ := r.countQuery(video.Query{FollowedBy: feedTextsOwner, PublishedOnly: true}, nil, nil)
	public, _ := r.countQuery(video.Query{PublishedOnly: true}, nil, nil)
	inner := "SELECT v.* FROM videos AS v WHERE v.published = TRUE AND " + afterCondition("created_at", desc)
	// The followed owners' count is read once, for the page's total and
	// for the gate.
	inner += " AND (SELECT total FROM feed) * " + strconv.Itoa(feedMinShare) + " >= (" + public + ")"
	dir := orderWord(desc)
	order := " ORDER BY v.created_at " + dir + ", v.id " + dir
	return "WITH feed (total) AS MATERIALIZED (" + countSQL + ") " +
		"SELECT " + videosColumns + ", (SELECT total FROM feed) AS list_total " +
		"FROM (" + inner + order + " LIMIT ?) AS v " +
		"WHERE (v.owner_id IN (SELECT f.following_id FROM follows AS f WHERE f.follower_id = ?)) IS TRUE" +
		order + " LIMIT ?"
}

// windowAnswered reports whether rows, what a window statement (see
// feedWindowText) read for the keyset page q, are the page: a full page
// and one more row. The feed's count is of the whole feed, not of what
// lies past the page's position, so a shorter page tells nothing: the
// window may have been too short, or not read.
func windowAnswered(rows []figuredVideoRow, q video.Query) bool {
	return len(rows) > q.Limit
}
