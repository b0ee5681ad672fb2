package sqlstore

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// A page's prepared statement keeps working on its connection after a
// migration adds a column to its table, as an instance of the previous
// version must while the next one migrates: PostgreSQL refuses to run a
// prepared statement whose rows would change shape, which a "c.*" would.
func TestPagesOutliveAddedColumns(t *testing.T) {
	t.Parallel()
	url := databases.Postgres(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	// One connection: every read runs on the connection that prepared
	// its statement before the column came.
	db := openDB(t, url+sep+"pool_max_conns=1")
	ctx := t.Context()
	owner, fan := mustUser(t, 1), namedUser(t, 2, "fan", "fan@example.com")
	for _, u := range []*user.User{owner, fan} {
		if err := db.Users().Create(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	v := mustVideo(t, 10, owner.ID())
	v.TogglePublished(now)
	if err := db.Videos().Create(ctx, v); err != nil {
		t.Fatal(err)
	}
	newID := func(n int) id.ID { return id.ID(fmt.Sprintf("%024x", n)) }
	f, err := follow.New(newID(100), fan.ID(), owner.ID(), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Follows().Add(ctx, f); err != nil {
		t.Fatal(err)
	}
	cm, err := comment.New(comment.NewParams{ID: newID(101), Owner: fan.ID(), Parent: comment.Parent{Kind: comment.OnVideo, ID: v.ID()}, Content: "a comment", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Comments().Create(ctx, cm); err != nil {
		t.Fatal(err)
	}
	po, err := post.New(newID(102), owner.ID(), "a post", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Posts().Create(ctx, po); err != nil {
		t.Fatal(err)
	}
	name := "a playlist"
	pl, err := playlist.New(newID(103), owner.ID(), playlist.Details{Name: &name}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Playlists().Create(ctx, pl); err != nil {
		t.Fatal(err)
	}

	w := list.Window{Limit: 10, Page: 1}
	pages := map[string]func() (int, error){
		"comments": func() (int, error) {
			p, err := db.Comments().List(ctx, comment.Query{Parent: comment.Parent{Kind: comment.OnVideo, ID: v.ID()}, Window: w})
			return len(p.Items), err
		},
		"posts": func() (int, error) {
			p, err := db.Posts().List(ctx, post.Query{Owner: owner.ID(), Window: w})
			return len(p.Items), err
		},
		"follows": func() (int, error) {
			p, err := db.Follows().Followers(ctx, follow.Query{User: owner.ID(), Window: w})
			return len(p.Items), err
		},
		"playlists": func() (int, error) {
			p, err := db.Playlists().List(ctx, playlist.Query{Owner: owner.ID(), Viewer: owner.ID(), Window: w})
			return len(p.Items), err
		},
		"videos": func() (int, error) {
			p, _, err := db.VideoPages().ListFigured(ctx, video.Query{PublishedOnly: true, Desc: true, Limit: 10, Page: 1}, fan.ID())
			return len(p.Items), err
		},
	}
	read := func(when string) {
		t.Helper()
		for name, page := range pages {
			if n, err := page(); err != nil || n != 1 {
				t.Errorf("%s, %s: %d items, %v", when, name, n, err)
			}
		}
	}
	read("before")
	for _, table := range []string{"comments", "posts", "follows", "playlists", "videos"} {
		if _, err := db.bun.ExecContext(ctx, "ALTER TABLE "+table+" ADD COLUMN added_later integer NOT NULL DEFAULT 0"); err != nil {
			t.Fatalf("add a column to %s: %v", table, err)
		}
	}
	read("after a column was added")
}
