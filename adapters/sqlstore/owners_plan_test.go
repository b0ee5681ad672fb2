package sqlstore

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/video"
)

// On PostgreSQL, whose prepared statements run one generic plan for every
// value, each row of a page looks its owner up in the users' key (see
// ownerJoin and figuredStatement) and carries its like count: no plan
// reads the users table whole, nor counts likes. The feed's total is one
// count looked up by key; its first page walks the follows by their
// owners' latest video (see latestFeedPage), a deeper page each followed
// owner's first videos (see feedPage), and the window of a page by
// cursor walks the latest videos (see feedWindowText).
func TestPageOwnersPlanPostgres(t *testing.T) {
	t.Parallel()
	// Each of the first 500 users follows 40 others and liked 40 videos,
	// so that the statistics show lists larger than a page.
	db := explainedPostgres(t,
		"INSERT INTO follows (id, follower_id, following_id, created_at) "+
			"SELECT left(md5(u.id || o.id), 24), u.id, o.id, now() FROM (SELECT id FROM users ORDER BY id LIMIT 500) AS u "+
			"CROSS JOIN LATERAL (SELECT id FROM users WHERE users.id <> u.id ORDER BY md5(u.id || users.id) LIMIT 40) AS o",
		likesSeed,
		"VACUUM (ANALYZE) follows, video_likes, users, videos",
	)
	vids, viewer := &videos{st: db.stmts}, benchID(1)
	figured := func(q video.Query) (string, []any) {
		st := vids.pageOfVideos(q, "created_at")
		return figuredStatement(true, like.OnVideo, viewer, st.text, st.args, "p.created_at DESC, p.id DESC")
	}
	follows := func() (string, []any) {
		s := followsSpec(follow.Query{User: viewer, Window: list.Window{Limit: 10}, Desc: true}, "following_id", "followers", "followers")
		inner, args, dir := pageQuery(db.stmts, list.Window{Limit: 10}, s)
		return followsPageQuery(true, inner, "follower_id", dir), append(args, viewer.String())
	}
	stmts := map[string]func() (string, []any){
		"videos": func() (string, []any) {
			return figured(video.Query{PublishedOnly: true, Desc: true, Limit: 10, Page: 1})
		},
		"feed": func() (string, []any) {
			return figured(video.Query{FollowedBy: viewer, PublishedOnly: true, Desc: true, Limit: 10, Page: 1})
		},
		"feed deep": func() (string, []any) {
			return figured(video.Query{FollowedBy: viewer, PublishedOnly: true, Desc: true, Limit: 10, Page: 10})
		},
		"feed window": func() (string, []any) {
			after := &video.Position{ID: benchID(2), CreatedAt: time.Now()}
			st := vids.pageOfVideos(video.Query{FollowedBy: viewer, PublishedOnly: true, Desc: true, Limit: 10, After: after}, "created_at")
			if st.window == nil {
				t.Fatal("a feed's page by cursor has no window")
			}
			return figuredStatement(true, like.OnVideo, viewer, st.window.text, st.window.args, "p.created_at DESC, p.id DESC")
		},
		"search window": func() (string, []any) {
			q := video.Query{Search: "tango", PublishedOnly: true, Desc: true, Limit: 10, Page: 1}
			w, ok := vids.searchWindow(q, vids.pageOfVideos(q, "created_at"), searchCount{matches: 1000, published: 2000})
			if !ok {
				t.Fatal("a common needle's search has no window")
			}
			return figuredStatement(true, like.OnVideo, viewer, w.text, w.args, "p.created_at DESC, p.id DESC")
		},
		"followers": follows,
	}
	for name, build := range stmts {
		text, args := build()
		text = numberPlaceholders(text)
		plan := explainGeneric(t, db, text, executeArgs(t, args))
		// One lookup by key for each row of the page.
		if !strings.Contains(plan, "Index Scan using users_pkey on users") || !correlatedKey.MatchString(plan) ||
			strings.Contains(plan, "Seq Scan on users") || strings.Contains(plan, "Bitmap Heap Scan on users") {
			t.Errorf("%s: the generic plan of\n%s\ndoes not look each row's owner up by key:\n%s", name, text, plan)
		}
		// Each row carries its like count: the likes are read only by
		// their key, for the viewer's liked flag, never counted by video.
		if strings.Contains(plan, "video_likes_video_idx") || strings.Contains(plan, "Seq Scan on video_likes") {
			t.Errorf("%s: the generic plan of\n%s\ncounts likes, not reading the count each row carries:\n%s", name, text, plan)
		}
		// The feed's total is its count, looked up by key.
		if strings.HasPrefix(name, "feed") && !feedCount.MatchString(plan) {
			t.Errorf("%s: the generic plan of\n%s\ndoes not look the feed's count up by key:\n%s", name, text, plan)
		}
		// The first page walks the follower's follows in the order of
		// their owners' latest video, and reads each owner's first
		// videos from the owner's index, keys alone.
		if name == "feed" && (!strings.Contains(plan, "Index Only Scan Backward using follows_feed_idx") ||
			!strings.Contains(plan, "Index Only Scan Backward using videos_owner_published_created_idx") ||
			strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "Hash")) {
			t.Errorf("feed: the generic plan of\n%s\ndoes not walk the latest owners' videos by key:\n%s", text, plan)
		}
		// A page by offset sorts its candidates' keys once: the rows
		// looked up by them keep that order (pageKeyedColumns), which
		// neither the page's statement nor the figured one around it
		// sorts again.
		if (name == "feed" || name == "feed deep") && strings.Count(plan, "Sort Key") != 1 {
			t.Errorf("%s: the generic plan of\n%s\ndoes not sort once:\n%s", name, text, plan)
		}
		// The window walks the published videos' index in the page's
		// order, checks each row's owner in a hash of the follows, and
		// stops with the page: no join hashes the window, nothing sorts it.
		if name == "feed window" && (!strings.Contains(plan, "Index Scan Backward using videos_published_created_idx") ||
			!strings.Contains(plan, "hashed SubPlan") || strings.Contains(plan, "Seq Scan on videos") ||
			strings.Contains(plan, "Seq Scan on follows") || strings.Contains(plan, "Hash Join") || strings.Contains(plan, "Sort")) {
			t.Errorf("feed window: the generic plan of\n%s\ndoes not walk the latest videos checking their owners by key:\n%s", text, plan)
		}
		// A search's window walks the published videos' index in the
		// page's order and checks each row's text until the page is
		// full: the search index is not read, nothing sorts the matches.
		if name == "search window" && (!strings.Contains(plan, "Index Scan Backward using videos_published_created_idx") ||
			strings.Contains(plan, "Bitmap") || strings.Contains(plan, "Seq Scan on videos") || strings.Contains(plan, "Sort")) {
			t.Errorf("search window: the generic plan of\n%s\ndoes not walk the latest videos:\n%s", text, plan)
		}
	}
}

// feedCount finds, in a plan, a lookup of the feed's count by its key.
var feedCount = regexp.MustCompile(`Index (Only )?Scan using list_counts_pkey on list_counts[^\n]*\n\s*Index Cond: \(\(list = \$[0-9]+\) AND \(subject = \$[0-9]+\)\)`)

// correlatedKey finds, in a plan, a lookup by the users' key of a column
// of the outer row (the page's owner), rather than of a value passed in.
var correlatedKey = regexp.MustCompile(`Index Cond: \(id = [a-z_]+\.[a-z_]+\)`)

// likesSeed has each of the first 500 users of seedExplain like 40 videos.
const likesSeed = "INSERT INTO video_likes (user_id, video_id, created_at) " +
	"SELECT u.id, v.id, now() FROM (SELECT id FROM users ORDER BY id LIMIT 500) AS u " +
	"CROSS JOIN LATERAL (SELECT id FROM videos ORDER BY md5(u.id || videos.id) LIMIT 40) AS v"

// explainedPostgres is a PostgreSQL store seeded as seedExplain seeds it,
// then by the statements seed, run as written.
func explainedPostgres(t *testing.T, seed ...string) *DB {
	t.Helper()
	postgresURL(t)
	db := testPostgres(t)
	if err := seedExplain(t.Context(), db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	for _, q := range seed {
		execRaw(t, db, q)
	}
	return db
}

// execRaw runs a statement as it is written, through database/sql, so
// that bun does not read it as a query to format.
func execRaw(t *testing.T, db *DB, q string) {
	t.Helper()
	if _, err := db.bun.DB.ExecContext(t.Context(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// executeArgs writes a statement's values, texts and numbers, as an
// EXECUTE's parenthesized list.
func executeArgs(t *testing.T, args []any) string {
	t.Helper()
	out := make([]string, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case string:
			out[i] = "'" + strings.ReplaceAll(a, "'", "''") + "'"
		case int:
			out[i] = strconv.Itoa(a)
		case time.Time:
			out[i] = "'" + a.UTC().Format(time.RFC3339Nano) + "'"
		default:
			t.Fatalf("value %d: %T, want a text or a number", i, a)
		}
	}
	return "(" + strings.Join(out, ", ") + ")"
}
