package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

// textRecorder keeps the texts of the statements a database ran.
type textRecorder struct {
	mu    sync.Mutex
	texts []string
}

func (r *textRecorder) observe(_ context.Context, query string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.texts = append(r.texts, query)
}

// during returns the texts of the statements run by f.
func (r *textRecorder) during(f func()) []string {
	r.mu.Lock()
	before := len(r.texts)
	r.mu.Unlock()
	f()
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.texts[before:])
}

// searchModel is what the videos of TestSearchCountsFollowChanges hold,
// by number.
type searchModel struct {
	title     map[int]string
	published map[int]bool
	at        map[int]time.Time
}

// matches returns the published videos whose title holds needle, in the
// order of desc, as the public search lists them.
func (m searchModel) matches(needle string, desc bool) []id.ID {
	var ns []int
	for n, title := range m.title {
		if m.published[n] && strings.Contains(strings.ToLower(title), strings.ToLower(needle)) {
			ns = append(ns, n)
		}
	}
	slices.SortFunc(ns, func(a, b int) int {
		c := m.at[a].Compare(m.at[b])
		if c == 0 {
			c = strings.Compare(videoNum(a).String(), videoNum(b).String())
		}
		if desc {
			return -c
		}
		return c
	})
	ids := make([]id.ID, len(ns))
	for i, n := range ns {
		ids[i] = videoNum(n)
	}
	return ids
}

// A search of the public videos keeps its count with the public videos'
// mark (searchCounts), and its next pages by upload time look for the
// page in a window of the latest videos: the pages and totals must stay
// those of a plain search while another handle on the same database (a
// second server) changes the videos, which the reading handle hears of
// only through the mark.
func TestSearchCountsFollowChanges(t *testing.T) {
	urls := map[string]func(testing.TB) string{DialectSQLite: databases.SQLite, DialectPostgres: databases.Postgres}
	forEachBackend(t, func(t *testing.T, d backend) {
		url := urls[d.name](t)
		reader, writer := openDB(t, url), openDB(t, url)
		var rec textRecorder
		reader.OnQuery(rec.observe)
		ctx := t.Context()
		owner := socialUser(t, writer, 1, "owner")
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		m := searchModel{title: map[int]string{}, published: map[int]bool{}, at: map[int]time.Time{}}
		create := func(n int, title string, published bool, at time.Duration) {
			t.Helper()
			m.title[n], m.published[n], m.at[n] = title, published, start.Add(at)
			v := video.FromStored(video.Stored{
				ID: videoNum(n), Owner: owner, File: video.Media{URL: "u", Key: fmt.Sprintf("f%d", n)},
				Thumbnail: video.Media{URL: "t", Key: fmt.Sprintf("t%d", n)}, Title: title, Duration: 1,
				Published: published, CreatedAt: m.at[n], UpdatedAt: m.at[n],
			})
			if err := writer.Videos().Create(ctx, v); err != nil {
				t.Fatalf("Create video %d: %v", n, err)
			}
		}
		update := func(n int, change func(v *video.Video) error) {
			t.Helper()
			v, err := writer.Videos().Update(ctx, videoNum(n), change)
			if err != nil {
				t.Fatalf("Update video %d: %v", n, err)
			}
			m.title[n], m.published[n] = v.Title(), v.Published()
		}
		// 300 published videos, a second apart: every third holds
		// "Tango", the oldest hundred "polka", one "zephyr"; ten
		// unpublished ones hold "tango" too, and two share an upload
		// time with a published match.
		for n := 1; n <= 300; n++ {
			title := fmt.Sprintf("Clip %d", n)
			switch {
			case n%3 == 0:
				title += " Tango"
			case n <= 100:
				title += " polka"
			case n == 150:
				title += " zephyr"
			}
			create(n, title, true, time.Duration(n)*time.Second)
		}
		for n := 301; n <= 310; n++ {
			create(n, fmt.Sprintf("Draft %d tango", n), false, time.Duration(n-300)*3*time.Second)
		}

		type shape struct {
			limit, page int
			asc         bool
		}
		shapes := []shape{{10, 1, false}, {1, 1, false}, {5, 3, false}, {20, 2, false}, {7, 1, true}, {50, 3, false}}
		// check reads every shape's page of every needle and compares
		// it with the model; it returns the texts of the statements the
		// reads ran.
		check := func(step string, needles ...string) []string {
			t.Helper()
			return rec.during(func() {
				for _, needle := range needles {
					for _, s := range shapes {
						want := m.matches(needle, !s.asc)
						q := video.Query{Search: needle, PublishedOnly: true, Limit: s.limit, Page: s.page, Desc: !s.asc}
						page, err := reader.Videos().List(ctx, q)
						if err != nil {
							t.Fatalf("%s: List %q %+v: %v", step, needle, s, err)
						}
						from := min((s.page-1)*s.limit, len(want))
						wantIDs := want[from:min(from+s.limit, len(want))]
						var got []id.ID
						for _, v := range page.Items {
							got = append(got, v.ID())
						}
						if !slices.Equal(got, wantIDs) || page.Total != len(want) || page.More != (from+s.limit < len(want)) {
							t.Fatalf("%s: %q %+v: got %v (total %d, more %v), want %v (total %d)",
								step, needle, s, got, page.Total, page.More, wantIDs, len(want))
						}
					}
				}
			})
		}
		windows := func(texts []string) (windows, counted int) {
			for _, text := range texts {
				switch {
				case strings.Contains(text, "search_mark") && strings.Contains(text, "MATERIALIZED"):
					counted++
				case strings.Contains(text, "search_mark"):
					windows++
				}
			}
			return windows, counted
		}

		// The shapes shallow enough for a window; the others count.
		shallow := 0
		for _, s := range shapes {
			if (s.page-1)*s.limit+s.limit+1 <= maxWindowDepth {
				shallow++
			}
		}
		deep := len(shapes) - shallow

		needles := []string{"tango", "polka", "zephyr", "clip 2", "nowhere"}
		check("first reads", needles...)
		// Every needle is counted now: "tango" and "clip 2" are common
		// enough for windows, which hold every shallow page.
		if w, c := windows(check("tango again", "tango")); w != shallow || c != deep {
			t.Fatalf("tango read again: %d windows and %d counts, want %d and %d", w, c, shallow, deep)
		}
		// "polka" is in the oldest hundred: the window of a page of one
		// (128 videos) holds none, and the plain statement runs.
		if w, c := windows(check("polka again", "polka")); w == 0 || c == 0 {
			t.Fatalf("polka read again: %d windows and %d counts, want both", w, c)
		}
		// "zephyr" is too rare for a window.
		if w, c := windows(check("zephyr again", "zephyr")); w != 0 || c != len(shapes) {
			t.Fatalf("zephyr read again: %d windows and %d counts, want counts alone", w, c)
		}

		steps := []struct {
			name   string
			change func()
			// marked: the change moves the public videos' mark.
			marked bool
		}{
			{"a published match", func() { create(311, "New tango", true, 400*time.Second) }, true},
			{"an unpublished match", func() { create(312, "Hidden tango", false, 401*time.Second) }, false},
			{"a draft edited", func() {
				update(312, func(v *video.Video) error { return v.Edit("Hidden tango, again", nil, time.Now()) })
			}, false},
			{"a draft published", func() { update(301, func(v *video.Video) error { v.TogglePublished(time.Now()); return nil }) }, true},
			{"a match unpublished", func() { update(297, func(v *video.Video) error { v.TogglePublished(time.Now()); return nil }) }, true},
			{"a title loses the needle", func() {
				update(294, func(v *video.Video) error { return v.Edit("Clip 294", nil, time.Now()) })
			}, true},
			{"a title gains it", func() {
				update(293, func(v *video.Video) error { return v.Edit("Clip 293 tango", nil, time.Now()) })
			}, true},
			{"a match deleted", func() {
				if err := writer.Videos().Delete(ctx, videoNum(300)); err != nil {
					t.Fatal(err)
				}
				delete(m.title, 300)
			}, true},
			{"a draft deleted", func() {
				if err := writer.Videos().Delete(ctx, videoNum(302)); err != nil {
					t.Fatal(err)
				}
				delete(m.title, 302)
			}, false},
		}
		for _, s := range steps {
			s.change()
			w, c := windows(check(s.name, "tango"))
			// After a change of the mark, the first shape's window
			// finds its count stale and counts again; the other
			// shallow shapes find the new count.
			wantCounts := deep
			if s.marked {
				wantCounts++
			}
			if w != shallow || c != wantCounts {
				t.Fatalf("%s: %d windows and %d counts, want %d and %d", s.name, w, c, shallow, wantCounts)
			}
			check(s.name, needles...)
		}
	})
}

// searchWindowWorth reads a window when the kept count promises twice
// the page's depth in it.
func TestSearchWindowWorth(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n     searchCount
		depth int
		want  bool
	}{
		{searchCount{matches: 1000, published: 20000}, 11, true}, // the load bench's words
		{searchCount{matches: 40, published: 20000}, 11, false},  // one in 500
		{searchCount{matches: 1, published: 1}, maxWindowDepth, true},
		{searchCount{matches: 1, published: 1}, maxWindowDepth + 1, false},
		{searchCount{matches: 0, published: 0}, 2, false},
		{searchCount{matches: 624, published: 20000}, 11, false}, // under 22 in the window
		{searchCount{matches: 625, published: 20000}, 11, true},
	} {
		if got := searchWindowWorth(c.n, c.depth); got != c.want {
			t.Errorf("searchWindowWorth(%+v, %d) = %v, want %v", c.n, c.depth, got, c.want)
		}
	}
}

// SQLite walks a search's window along the published videos' index from
// the page's end, bounded by the window's last upload time, with
// statistics or without: it neither sorts the window's rows nor reads the
// search index.
func TestSearchWindowPlanSQLite(t *testing.T) {
	t.Parallel()
	db := testSQLite(t)
	if err := seedExplain(t.Context(), db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	vids := &videos{st: db.stmts}
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			analyzeSQLite(t, db)
		}
		for _, desc := range []bool{true, false} {
			q := video.Query{Search: "tango", PublishedOnly: true, Desc: desc, Limit: 10, Page: 1}
			w, ok := vids.searchWindow(q, vids.pageOfVideos(q, "created_at"), searchCount{matches: 1000, published: 2000})
			if !ok {
				t.Fatal("a common needle's search has no window")
			}
			dir := orderWord(desc)
			text, args := figuredStatement(false, like.OnVideo, benchID(1), w.text, w.args, "p.created_at "+dir+", p.id "+dir)
			plan := sqlitePlan(t, db, text, args)
			want := "SEARCH v USING INDEX videos_published_created_idx (published=? AND created_at" +
				map[bool]string{true: ">", false: "<"}[desc] + "?)"
			if !strings.Contains(plan, want) || strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") ||
				strings.Contains(plan, "videos_search") || strings.Contains(plan, "SCAN v") {
				t.Errorf("desc %v, analyzed %v: the plan of\n%s\ndoes not walk the latest videos (want %q):\n%s", desc, analyzed, text, want, plan)
			}
		}
	}
}

// A needle longer than maxCountedNeedle is not kept: its search is
// counted every time, and has no window.
func TestSearchCountsKeepShortNeedles(t *testing.T) {
	t.Parallel()
	c := newSearchCounts()
	for _, n := range []int{1, maxCountedNeedle, maxCountedNeedle + 1} {
		q := video.Query{Search: strings.Repeat("A", n), PublishedOnly: true, Desc: true, Limit: 10, Page: 1}
		key, ok := c.key(q)
		if want := n <= maxCountedNeedle; ok != want || ok && key != strings.Repeat("a", n) {
			t.Errorf("key of a needle of %d bytes: %q, %v; want kept: %v", n, key, ok, want)
		}
		c.put(strings.Repeat("a", n), searchCount{mark: 1, matches: 1000, published: 1000})
		vids := &videos{st: &statements{postgres: true}, counts: c}
		if st := vids.pageOfVideos(q, "created_at"); (st.counted != "" || st.window != nil) != (n <= maxCountedNeedle) {
			t.Errorf("a needle of %d bytes: counted %q, window %v", n, st.counted, st.window != nil)
		}
	}
	for _, q := range []video.Query{
		{Search: "a"}, // unpublished videos too
		{Search: "a", PublishedOnly: true, Owner: benchID(1)},
		{Search: "a", PublishedOnly: true, FollowedBy: benchID(1)},
		{PublishedOnly: true},
	} {
		if _, ok := c.key(q); ok {
			t.Errorf("%+v has a key among the kept counts", q)
		}
	}
}
