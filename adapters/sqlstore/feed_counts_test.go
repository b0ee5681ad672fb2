package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

// feedFixture writes videos and follows of a few users and checks what
// migration feed_counts keeps against what the tables hold.
type feedFixture struct {
	t      *testing.T
	db     *DB
	users  []id.ID
	start  time.Time
	nextID atomic.Int64
	// before, when set, is a migration not applied yet: check and
	// pages look only for what earlier ones keep.
	before string
	// windows counts the pages whose window answered them (see window).
	windows int
}

func newFeedFixture(t *testing.T, db *DB, users int) *feedFixture {
	f := &feedFixture{t: t, db: db, start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	f.nextID.Store(1000)
	for i := range users {
		f.users = append(f.users, socialUser(t, db, i+1, fmt.Sprintf("u%d", i+1)))
	}
	return f
}

// video adds a video of owner uploaded at the given second, so that
// several share an upload time, and returns its id.
func (f *feedFixture) video(ctx context.Context, owner id.ID, second int, published bool) (id.ID, error) {
	n := int(f.nextID.Add(1))
	at := f.start.Add(time.Duration(second) * time.Second)
	v := video.FromStored(video.Stored{
		ID: videoNum(n), Owner: owner, File: video.Media{URL: "u", Key: fmt.Sprintf("f%d", n)},
		Thumbnail: video.Media{URL: "t", Key: fmt.Sprintf("t%d", n)}, Title: "Title", Duration: 1,
		Published: published, CreatedAt: at, UpdatedAt: at,
	})
	return v.ID(), f.db.Videos().Create(ctx, v)
}

// follow adds or removes the follow of follower to following.
func (f *feedFixture) follow(ctx context.Context, follower, following id.ID, add bool) error {
	if !add {
		_, err := f.db.Follows().Remove(ctx, follower, following)
		return err
	}
	fw, err := follow.New(videoNum(int(f.nextID.Add(1))), follower, following, time.Now())
	if err != nil {
		return err
	}
	_, err = f.db.Follows().Add(ctx, fw)
	return err
}

// toggle publishes or unpublishes a video.
func (f *feedFixture) toggle(ctx context.Context, vid id.ID) error {
	_, err := f.db.Videos().Update(ctx, vid, func(v *video.Video) error {
		v.TogglePublished(time.Now())
		return nil
	})
	return err
}

// check fails the test unless every follow carries its owner's two
// latest published videos and every member's feed count is what the
// tables hold.
func (f *feedFixture) check(when string) {
	f.t.Helper()
	same := "IS NOT DISTINCT FROM"
	if f.db.dialect != DialectPostgres {
		same = "IS"
	}
	latest := "(SELECT v.%s FROM videos AS v WHERE v.owner_id = f.following_id AND v.published = TRUE ORDER BY v.created_at DESC, v.id DESC LIMIT 1 OFFSET %d)"
	carried := "f.owner_latest_id " + same + " " + fmt.Sprintf(latest, "id", 0) +
		" AND f.owner_latest_at " + same + " " + fmt.Sprintf(latest, "created_at", 0)
	if f.before == "" || f.before > feedSecondsMigration {
		carried += " AND f.owner_second_id " + same + " " + fmt.Sprintf(latest, "id", 1) +
			" AND f.owner_second_at " + same + " " + fmt.Sprintf(latest, "created_at", 1)
	}
	var stale, miscounted int
	err := f.db.bun.NewRaw("SELECT count(*) FROM follows AS f WHERE NOT ("+carried+")").Scan(f.t.Context(), &stale)
	if err != nil {
		f.t.Fatal(err)
	}
	err = f.db.bun.NewRaw("SELECT count(*) FROM users AS u WHERE "+
		"coalesce((SELECT c.items FROM list_counts AS c WHERE c.list = 'feed' AND c.subject = u.id), 0) <> "+
		"(SELECT count(*) FROM follows AS f JOIN videos AS v ON v.owner_id = f.following_id WHERE f.follower_id = u.id AND v.published = TRUE)").
		Scan(f.t.Context(), &miscounted)
	if err != nil {
		f.t.Fatal(err)
	}
	if stale > 0 || miscounted > 0 {
		f.t.Fatalf("%s: %d follows do not carry their owner's two latest videos, %d members' feeds are miscounted", when, stale, miscounted)
	}
}

// pages fails the test unless every page of every member's feed, by
// offset, newest first, is the feed's videos in order, with its total,
// and the page's window, when it answers, reads the same page.
func (f *feedFixture) pages(when string) {
	f.t.Helper()
	if f.before != "" {
		// The statements are those of the schema migrated whole.
		return
	}
	ctx := f.t.Context()
	for _, u := range f.users {
		var want []string
		err := f.db.bun.NewRaw("SELECT v.id FROM videos AS v WHERE v.published = TRUE AND v.owner_id IN "+
			"(SELECT following_id FROM follows WHERE follower_id = ?) ORDER BY v.created_at DESC, v.id DESC", u.String()).Scan(ctx, &want)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, limit := range []int{1, 2, 3, 7} {
			for page := 1; (page-1)*limit <= len(want); page++ {
				q := video.Query{FollowedBy: u, PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true, Limit: limit, Page: page}
				if !latestFeed(q, "created_at") {
					break
				}
				got, _, err := f.db.Videos().(*videos).ListFigured(ctx, q, u)
				if err != nil {
					f.t.Fatalf("%s: feed of %s: %v", when, u, err)
				}
				ids := make([]string, len(got.Items))
				for i, v := range got.Items {
					ids[i] = v.ID().String()
				}
				exp := want[min((page-1)*limit, len(want)):min(page*limit, len(want))]
				more := page*limit < len(want)
				if strings.Join(ids, ",") != strings.Join(exp, ",") || got.Total != len(want) || got.More != more {
					f.t.Fatalf("%s: page %d of %d of %s's feed: %v of %d (more %v); want %v of %d (more %v)",
						when, page, limit, u, ids, got.Total, got.More, exp, len(want), more)
				}
				f.window(q, u, want, when)
			}
		}
	}
}

// window fails the test unless the window of the feed page q, read
// alone, is the page, want's, with its total, when it answers; it counts
// the pages it answered.
func (f *feedFixture) window(q video.Query, u id.ID, want []string, when string) {
	f.t.Helper()
	r := f.db.Videos().(*videos)
	st := r.pageOfVideos(q, "created_at")
	if st.window == nil {
		f.t.Fatalf("%s: page %d of %d of %s's feed has no window", when, q.Page, q.Limit, u)
	}
	rows, err := r.scanPage(f.t.Context(), *st.window, q.Limit, "created_at", &u)
	if err != nil {
		f.t.Fatalf("%s: window of %s's feed: %v", when, u, err)
	}
	if !windowAnswered(rows, q) {
		return
	}
	f.windows++
	if q.Page*q.Limit >= len(want) {
		f.t.Fatalf("%s: window of page %d of %d of %s's feed answered with %d rows, past the feed's %d", when, q.Page, q.Limit, u, len(rows), len(want))
	}
	exp := want[(q.Page-1)*q.Limit : q.Page*q.Limit+1]
	ids := make([]string, len(rows))
	for i := range rows {
		ids[i] = rows[i].ID
		if rows[i].ListTotal != int64(len(want)) {
			f.t.Fatalf("%s: window of page %d of %d of %s's feed tells a total of %d; want %d", when, q.Page, q.Limit, u, rows[i].ListTotal, len(want))
		}
	}
	if strings.Join(ids, ",") != strings.Join(exp, ",") {
		f.t.Fatalf("%s: window of page %d of %d of %s's feed: %v; want %v", when, q.Page, q.Limit, u, ids, exp)
	}
}

// Migration feed_counts keeps, through every change of videos and
// follows, each follow's owner's latest video and each member's feed
// count, and latestFeedPage's pages are the feed's: random uploads (many
// at the same second), publications, unpublications, deletions, follows
// and unfollows, checked after each.
func TestFeedCountsFollowChanges(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := t.Context()
		f := newFeedFixture(t, b.open(t), 6)
		r := rand.New(rand.NewPCG(10, 1))
		var vids []id.ID
		user := func() id.ID { return f.users[r.IntN(len(f.users))] }
		for step := range 300 {
			var (
				what string
				err  error
			)
			switch op := r.IntN(10); {
			case op < 4 || len(vids) == 0:
				var vid id.ID
				owner, published := user(), r.IntN(4) > 0
				what = fmt.Sprintf("upload by %s (published %v)", owner, published)
				if vid, err = f.video(ctx, owner, r.IntN(40), published); err == nil {
					vids = append(vids, vid)
				}
			case op < 6:
				vid := vids[r.IntN(len(vids))]
				what, err = "toggle of "+vid.String(), f.toggle(ctx, vid)
			case op < 7:
				i := r.IntN(len(vids))
				what, err = "deletion of "+vids[i].String(), f.db.Videos().Delete(ctx, vids[i])
				vids = append(vids[:i], vids[i+1:]...)
			default:
				follower, following, add := user(), user(), r.IntN(3) > 0
				if follower == following {
					continue
				}
				what = fmt.Sprintf("follow of %s by %s (%v)", following, follower, add)
				err = f.follow(ctx, follower, following, add)
			}
			if err != nil {
				t.Fatalf("step %d, %s: %v", step, what, err)
			}
			when := fmt.Sprintf("after step %d, %s", step, what)
			f.check(when)
			if step%10 == 9 {
				f.pages(when)
			}
		}
		// Uploads by 6 owners at 40 upload times, many sharing one: some
		// pages are read from the follows alone.
		if f.windows == 0 {
			t.Error("no page's window answered")
		}
	})
}

// On PostgreSQL, owners publishing, unpublishing and deleting videos while
// their followers follow and unfollow them end with every count and
// latest video right, and none of them fails (as a deadlock would).
func TestFeedCountsRacePostgres(t *testing.T) {
	t.Parallel()
	postgresURL(t)
	f := newFeedFixture(t, testPostgres(t), 8)
	ctx := t.Context()
	owners, followers := f.users[:3], f.users[3:]
	var wg sync.WaitGroup
	errs := make(chan error, len(f.users))
	for i, o := range owners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 2))
			var vids []id.ID
			for range 60 {
				var err error
				switch op := r.IntN(4); {
				case op < 2 || len(vids) == 0:
					var vid id.ID
					if vid, err = f.video(ctx, o, r.IntN(20), true); err == nil {
						vids = append(vids, vid)
					}
				case op < 3:
					err = f.toggle(ctx, vids[r.IntN(len(vids))])
				default:
					j := r.IntN(len(vids))
					err = f.db.Videos().Delete(ctx, vids[j])
					vids = append(vids[:j], vids[j+1:]...)
				}
				if err != nil {
					errs <- fmt.Errorf("owner %s: %w", o, err)
					return
				}
			}
		}()
	}
	for i, u := range followers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 3))
			for range 60 {
				if err := f.follow(ctx, u, owners[r.IntN(len(owners))], r.IntN(2) == 0); err != nil {
					errs <- fmt.Errorf("follower %s: %w", u, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	f.check("after the race")
	f.pages("after the race")
}

// On SQLite, a page of a feed by offset reads the follower's latest
// owners from follows_feed_idx, then its window the page's videos by
// key, and its statement each owner's videos as a range of the owner's
// index: no scan of videos or follows, no walk of the site's latest
// videos, with statistics (ANALYZE) or without them, as the server's
// database is.
func TestLatestFeedPlanSQLite(t *testing.T) {
	t.Parallel()
	db := testSQLite(t)
	if err := seedExplain(t.Context(), db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	_, err := db.bun.ExecContext(t.Context(), "INSERT INTO follows (id, follower_id, following_id, created_at) "+
		"SELECT substr(u.id, 13) || substr(o.id, 13), u.id, o.id, 0 FROM (SELECT rowid AS n, id FROM users ORDER BY id LIMIT 100) AS u "+
		"JOIN (SELECT rowid AS n, id FROM users ORDER BY id LIMIT 100) AS o ON o.id <> u.id AND (u.n + o.n) % 3 = 0")
	if err != nil {
		t.Fatal(err)
	}
	st := (&videos{st: db.stmts}).pageOfVideos(video.Query{FollowedBy: benchID(1), PublishedOnly: true, Desc: true, Limit: 10, Page: 2}, "created_at")
	text, args := figuredStatement(false, like.OnVideo, benchID(1), st.text, st.args, "p.created_at DESC, p.id DESC")
	window, windowArgs := figuredStatement(false, like.OnVideo, benchID(1), st.window.text, st.window.args, "p.created_at DESC, p.id DESC")
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			analyzeSQLite(t, db)
		}
		// The window reads the owners from the index alone, and the
		// page's videos by key.
		plan := sqlitePlan(t, db, window, windowArgs)
		if !strings.Contains(plan, "SEARCH f USING COVERING INDEX follows_feed_idx (follower_id=?") ||
			!strings.Contains(plan, "SEARCH v USING INDEX sqlite_autoindex_videos_1 (id=?)") ||
			strings.Contains(plan, "SCAN v") || strings.Contains(plan, "SCAN f") || strings.Contains(plan, "videos_owner") || strings.Contains(plan, "videos_published") {
			t.Errorf("analyzed %v: the plan of the window\n%s\nreads more than the follows' index and the page's videos:\n%s", analyzed, window, plan)
		}
		plan = sqlitePlan(t, db, text, args)
		for _, want := range []string{
			"SEARCH f USING COVERING INDEX follows_feed_idx (follower_id=? AND owner_latest_at>?)",
			"SEARCH v USING INDEX videos_owner_published_created_idx (owner_id=? AND published=? AND created_at>?)",
		} {
			if !strings.Contains(plan, want) {
				t.Errorf("analyzed %v: the plan of\n%s\nhas no %q:\n%s", analyzed, text, want, plan)
			}
		}
		// SCAN f reads the owners the index found (a materialized
		// table); v and w are videos.
		if strings.Contains(plan, "SCAN v") || strings.Contains(plan, "SCAN w") ||
			strings.Contains(plan, "videos_published_") || strings.Contains(plan, "BLOOM") {
			t.Errorf("analyzed %v: the plan of\n%s\nscans a table or walks the site's videos:\n%s", analyzed, text, plan)
		}
	}
}

// analyzeSQLite gives SQLite statistics of db's tables, which the
// server's database has none of.
func analyzeSQLite(t *testing.T, db *DB) {
	t.Helper()
	if _, err := db.bun.ExecContext(t.Context(), "ANALYZE"); err != nil {
		t.Fatal(err)
	}
}

// sqlitePlan is SQLite's plan of text run with args.
func sqlitePlan(t *testing.T, db *DB, text string, args []any) string {
	t.Helper()
	rows, err := db.bun.DB.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+text, args...)
	if err != nil {
		t.Fatal(err)
	}
	return planOf(t, rows, db.dialect, text)
}
