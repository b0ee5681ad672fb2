package sqlstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// statementCounter counts the statements a database runs.
type statementCounter struct{ n atomic.Int64 }

func (c *statementCounter) observe(context.Context, string) { c.n.Add(1) }

// statements runs f and returns how many statements it ran.
func (c *statementCounter) statements(f func()) int {
	before := c.n.Load()
	f()
	return int(c.n.Load() - before)
}

func socialUser(t *testing.T, db *DB, n int, name string) id.ID {
	t.Helper()
	u, err := user.New(user.NewParams{
		ID: id.ID(fmt.Sprintf("%024x", n)), Username: user.Username(fmt.Sprintf("user_%d", n)),
		Email: user.Email(fmt.Sprintf("u%d@example.com", n)), Name: name, PasswordHash: "h", Now: time.Now(),
	})
	if err != nil {
		t.Fatalf("user.New: %v", err)
	}
	u.Verify(time.Now())
	if err := db.Users().Create(t.Context(), u); err != nil {
		t.Fatalf("Create user: %v", err)
	}
	return u.ID()
}

// The lists and lookups of a page are one statement each, whatever the
// number of ids, so that a page costs the same with 1 or 100 items.
func TestSocialStatementCounts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		a, c, e := socialUser(t, db, 1, "Ann"), socialUser(t, db, 2, "Carl"), socialUser(t, db, 3, "Élodie")
		var vids []id.ID
		for i, owner := range []id.ID{c, c, e} {
			v := mustVideo(t, 100+i, owner)
			v.TogglePublished(time.Now())
			if err := db.Videos().Create(ctx, v); err != nil {
				t.Fatalf("Create video: %v", err)
			}
			vids = append(vids, v.ID())
		}
		f, err := follow.New(id.ID(fmt.Sprintf("%024x", 200)), a, c, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Follows().Add(ctx, f); err != nil {
			t.Fatalf("Add follow: %v", err)
		}
		for _, v := range vids {
			if _, err := db.Likes().Add(ctx, like.Like{User: a, Target: like.Target{Kind: like.OnVideo, ID: v}, CreatedAt: time.Now()}); err != nil {
				t.Fatalf("Add like: %v", err)
			}
		}
		for i := range 3 {
			name := fmt.Sprintf("List %d", i)
			p, err := playlist.New(id.ID(fmt.Sprintf("%024x", 500+i)), a, playlist.Details{Name: &name}, time.Now().Add(time.Duration(i)*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Playlists().Create(ctx, p); err != nil {
				t.Fatalf("Create playlist: %v", err)
			}
			for _, v := range vids {
				if _, err := db.Playlists().AddVideo(ctx, p.ID(), v, time.Now(), func(*playlist.Playlist) error { return nil }); err != nil {
					t.Fatalf("AddVideo: %v", err)
				}
			}
		}

		var counter statementCounter
		db.OnQuery(counter.observe)
		users := []id.ID{a, c, e}
		for _, tc := range []struct {
			name string
			want int
			run  func() error
		}{
			{"Follows.Counts", 1, func() error {
				got, err := db.Follows().Counts(ctx, users)
				if err == nil && (len(got) != 3 || got[a].Following != 1 || got[c].Followers != 1 || got[e] != (follow.Counts{})) {
					err = fmt.Errorf("counts %v", got)
				}
				return err
			}},
			{"Follows.Follows", 1, func() error { _, err := db.Follows().Follows(ctx, a, users); return err }},
			{"Likes.Counts", 1, func() error { _, err := db.Likes().Counts(ctx, like.OnVideo, vids); return err }},
			{"Likes.LikedBy", 1, func() error { _, err := db.Likes().LikedBy(ctx, a, like.OnVideo, vids); return err }},
			{"FigureReader.Figures", 1, func() error {
				items := []app.Item{{ID: vids[2], Owner: e}, {ID: vids[0], Owner: c}, {ID: vids[1], Owner: c}}
				got, err := db.FigureReader().Figures(ctx, a, like.OnVideo, items)
				if err == nil && (len(got) != 3 || got[0].Owner.ID() != e || got[1].Owner.ID() != c || got[2].Likes != 1 || !got[2].Liked) {
					err = fmt.Errorf("figures %+v", got)
				}
				return err
			}},
			{"Likes.LikedVideos", 1, func() error { _, err := db.Likes().LikedVideos(ctx, a, list.Window{Limit: 10}); return err }},
			{"Videos.ByIDs", 1, func() error { _, err := db.Videos().ByIDs(ctx, vids); return err }},
			{"Videos.List of a feed", 1, func() error {
				page, err := db.Videos().List(ctx, video.Query{FollowedBy: a, PublishedOnly: true, Limit: 10})
				if err == nil && (page.Total != 2 || len(page.Items) != 2) {
					err = fmt.Errorf("feed of %d videos, total %d, want Carl's 2", len(page.Items), page.Total)
				}
				return err
			}},
			{"Playlists.List, last page", 1, func() error {
				page, err := db.Playlists().List(ctx, playlist.Query{Viewer: a, WithVideoIDs: true, Window: list.Window{Limit: 10}})
				if err == nil && (page.Total != 3 || page.Items[0].Videos != 3 || len(page.Items[2].VideoIDs) != 3) {
					err = fmt.Errorf("page %+v", page)
				}
				return err
			}},
			{"Playlists.List of everyone's, counted", 2, func() error {
				_, err := db.Playlists().List(ctx, playlist.Query{Viewer: a, WithVideoIDs: true, Window: list.Window{Limit: 2}})
				return err
			}},
			// An owner's playlists read their total from list_counts.
			{"Playlists.List of an owner's, a full page", 1, func() error {
				page, err := db.Playlists().List(ctx, playlist.Query{Owner: a, Viewer: a, WithVideoIDs: true, Window: list.Window{Limit: 2}})
				if err == nil && (page.Total != 3 || len(page.Items) != 2 || !page.More) {
					err = fmt.Errorf("page %+v", page)
				}
				return err
			}},
			{"Users.Search", 1, func() error {
				// Folded by Go: SQLite's lower() would leave the É.
				got, err := db.Users().Search(ctx, "éLO", list.Window{Limit: 10})
				if err == nil && (len(got) != 1 || got[0].ID() != e) {
					err = fmt.Errorf("found %d accounts", len(got))
				}
				return err
			}},
		} {
			var err error
			if n := counter.statements(func() { err = tc.run() }); err != nil || n != tc.want {
				t.Errorf("%s: %d statements (%v), want %d", tc.name, n, err, tc.want)
			}
		}
	})
}
