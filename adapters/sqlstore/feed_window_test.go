package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// On PostgreSQL a shallow page of a feed is looked for first in the
// site's latest videos (feedWindow): one statement when the window holds
// the page, and feedPage's statement after it when the window holds too
// few of the followed owners' videos, or is not read because they post
// too few of the site's.
func TestFeedWindowPostgres(t *testing.T) {
	t.Parallel()
	postgresURL(t)
	db := testPostgres(t)
	var counter statementCounter
	db.OnQuery(counter.observe)
	ctx := t.Context()
	me, early, busy, fan, rare, rareFan := socialUser(t, db, 1, "Me"), socialUser(t, db, 2, "Early"),
		socialUser(t, db, 3, "Busy"), socialUser(t, db, 4, "Fan"), socialUser(t, db, 5, "Rare"), socialUser(t, db, 6, "Rare's fan")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	publish := func(n int, owner id.ID, at time.Duration) {
		t.Helper()
		v := video.FromStored(video.Stored{
			ID: id.ID(fmt.Sprintf("%024x", n)), Owner: owner, File: video.Media{URL: "u", Key: fmt.Sprintf("f%d", n)},
			Thumbnail: video.Media{URL: "t", Key: fmt.Sprintf("t%d", n)}, Title: "Title", Duration: 1,
			Published: true, CreatedAt: start.Add(at), UpdatedAt: start.Add(at),
		})
		if err := db.Videos().Create(ctx, v); err != nil {
			t.Fatalf("Create video %d: %v", n, err)
		}
	}
	// Early's 11 videos are older than Busy's 69, and a good share of the
	// site's; Rare's one is not.
	publish(100, rare, 0)
	for n := 1; n <= 80; n++ {
		owner := busy
		if n <= 11 {
			owner = early
		}
		publish(100+n, owner, time.Duration(n)*time.Second)
	}
	for i, f := range [][2]id.ID{{me, early}, {fan, busy}, {rareFan, rare}} {
		fw, err := follow.New(id.ID(fmt.Sprintf("%024x", 300+i)), f[0], f[1], time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Follows().Add(ctx, fw); err != nil {
			t.Fatalf("Add follow: %v", err)
		}
	}
	for _, c := range []struct {
		name        string
		follower    id.ID
		limit, page int
		first, n    int // the page's first video, its count
		total       int
		statements  int
	}{
		{"the window holds the page", fan, 10, 1, 180, 10, 69, 1},
		{"the window holds the end of the feed", me, 4, 3, 103, 3, 11, 1},
		{"the window holds none of the page", me, 2, 1, 111, 2, 11, 2},
		{"the window is not read", rareFan, 10, 1, 100, 1, 1, 2},
	} {
		var (
			page video.Page
			err  error
		)
		q := video.Query{FollowedBy: c.follower, PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true, Limit: c.limit, Page: c.page}
		n := counter.statements(func() { page, _, err = db.Videos().(*videos).ListFigured(ctx, q, me) })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if n != c.statements || len(page.Items) != c.n || page.Total != c.total ||
			page.Items[0].ID() != id.ID(fmt.Sprintf("%024x", c.first)) {
			t.Fatalf("%s: %d statements, %d videos from %s of %d; want %d statements, %d videos from %024x of %d",
				c.name, n, len(page.Items), page.Items[0].ID(), page.Total, c.statements, c.n, c.first, c.total)
		}
		for i := 1; i < len(page.Items); i++ {
			if !page.Items[i].CreatedAt().Before(page.Items[i-1].CreatedAt()) {
				t.Fatalf("%s: video %d is not older than the one before it", c.name, i)
			}
		}
	}
}
