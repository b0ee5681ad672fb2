package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// On PostgreSQL a shallow keyset page of a feed is looked for first among
// the site's first published videos past its position (feedWindowText):
// one statement when the window holds the page, and feedPage's statement
// after it when the window holds too few of the followed owners' videos.
// A page by offset is read from the follows alone when latestWindow holds
// it, as it does for owners who post in turn, and by latestFeedPage's
// statement after it otherwise: the same layouts check its pages.
func TestFeedWindowPostgres(t *testing.T) {
	t.Parallel()
	postgresURL(t)
	db := testPostgres(t)
	var counter statementCounter
	db.OnQuery(counter.observe)
	ctx := t.Context()
	users := map[string]id.ID{}
	for i, name := range []string{"me", "early", "busy", "fan", "rare", "rare's fan", "mixed", "both", "turn a", "turn b", "turn c", "turns' fan"} {
		users[name] = socialUser(t, db, i+1, name)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	published := map[int]time.Time{}
	publish := func(n int, owner string, at time.Duration) {
		t.Helper()
		published[n] = start.Add(at)
		v := video.FromStored(video.Stored{
			ID: videoNum(n), Owner: users[owner], File: video.Media{URL: "u", Key: fmt.Sprintf("f%d", n)},
			Thumbnail: video.Media{URL: "t", Key: fmt.Sprintf("t%d", n)}, Title: "Title", Duration: 1,
			Published: true, CreatedAt: published[n], UpdatedAt: published[n],
		})
		if err := db.Videos().Create(ctx, v); err != nil {
			t.Fatalf("Create video %d: %v", n, err)
		}
	}
	// Early's videos are older than Busy's, and an eighth of the site's
	// at least; Rare's one (100) is older still, and Mixed's one among the
	// latest, before Busy's last. Busy's and Mixed's fill the window of a
	// page of two (depth 3) exactly: past Busy's newest, it holds only
	// Early's last. The turns' owners post one video each, before all
	// the others.
	busy := feedWindowSize(3) - 1
	early := (busy + 5 + feedMinShare - 2) / (feedMinShare - 1)
	for early%4 != 3 { // the last page of four holds three
		early++
	}
	first, last := 101, 100+early // Early's
	newest := last + busy         // Busy's
	mixed := newest + 1
	publish(100, "rare", 0)
	for n := 1; n <= early+busy; n++ {
		owner := "busy"
		if n <= early {
			owner = "early"
		}
		publish(100+n, owner, time.Duration(n)*time.Second)
	}
	publish(mixed, "mixed", time.Duration(early+busy-1)*time.Second+time.Second/2)
	for i, owner := range []string{"turn a", "turn b", "turn c"} {
		publish(90+i, owner, time.Duration(i-3)*time.Second)
	}
	for i, f := range [][2]string{{"me", "early"}, {"fan", "busy"}, {"rare's fan", "rare"}, {"both", "early"}, {"both", "mixed"}, {"turns' fan", "turn a"}, {"turns' fan", "turn b"}, {"turns' fan", "turn c"}} {
		fw, err := follow.New(id.ID(fmt.Sprintf("%024x", 300+i)), users[f[0]], users[f[1]], time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Follows().Add(ctx, fw); err != nil {
			t.Fatalf("Add follow: %v", err)
		}
	}
	for _, c := range []struct {
		name        string
		follower    string
		limit, page int
		after       int  // a keyset page's position: this video's
		asc         bool // oldest first
		want        []int
		total       int
		statements  int
	}{
		{"by offset: the owners' latest", "turns' fan", 2, 1, 0, false, []int{92, 91}, 3, 1},
		{"by offset: one owner's latest", "fan", 3, 1, 0, false, []int{newest, newest - 1, newest - 2}, busy, 2},
		{"by offset: the end of the feed", "me", 4, (early-3)/4 + 1, 0, false, []int{first + 2, first + 1, first}, early, 2},
		{"by offset: behind others' latest", "me", 2, 1, 0, false, []int{last, last - 1}, early, 2},
		{"by offset: two owners'", "both", 2, 1, 0, false, []int{mixed, last}, early + 1, 2},
		{"by offset: one video followed", "rare's fan", 10, 1, 0, false, []int{100}, 1, 2},
		{"by offset: nobody followed", "busy", 10, 1, 0, false, nil, 0, 2},
		{"a keyset page the window holds", "me", 2, 0, first, true, []int{first + 1, first + 2}, early, 1},
		{"a keyset page newest first the window holds", "fan", 2, 0, newest, false, []int{newest - 1, newest - 2}, busy, 1},
		{"a keyset page whose window is not read: too few followed", "rare's fan", 10, 0, mixed, false, []int{100}, 1, 2},
		// Past Busy's newest, the window holds Mixed's, the rest of
		// Busy's and Early's last: too few for the page and one more.
		{"a keyset page whose window holds too few", "me", 2, 0, newest, false, []int{last, last - 1}, early, 2},
	} {
		var (
			page video.Page
			err  error
		)
		q := video.Query{FollowedBy: users[c.follower], PublishedOnly: true, Sort: video.SortCreatedAt, Desc: !c.asc, Limit: c.limit, Page: c.page}
		if c.after != 0 {
			q.After = &video.Position{ID: videoNum(c.after), CreatedAt: published[c.after]}
		}
		n := counter.statements(func() { page, _, err = db.Videos().(*videos).ListFigured(ctx, q, users["me"]) })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := make([]int, len(page.Items))
		for i, v := range page.Items {
			if _, err := fmt.Sscanf(string(v.ID()), "%x", &got[i]); err != nil {
				t.Fatalf("%s: video id %s: %v", c.name, v.ID(), err)
			}
		}
		if n != c.statements || fmt.Sprint(got) != fmt.Sprint(c.want) || page.Total != c.total {
			t.Errorf("%s: %d statements, videos %v of %d; want %d statements, videos %v of %d",
				c.name, n, got, page.Total, c.statements, c.want, c.total)
		}
	}
}

// videoNum is the id of the n-th video of a test.
func videoNum(n int) id.ID { return id.ID(fmt.Sprintf("%024x", n)) }
