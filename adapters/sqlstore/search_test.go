package sqlstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// searchRunes are what the random texts of the search tests are made of:
// case pairs that fold in Go only, LIKE and FTS5 syntax, characters of one
// to four bytes, and U+FFFD with the noncharacters that SQLite's UTF-8
// reader turns into it, so that the FTS5 index finds rows that the LIKE
// recheck must turn down.
var searchRunes = []rune("aAbBeéÉßẞ %_!\\\"'*()-:^ 🎉猫\uFFFD\uFFFE\uFFFF")

// randomText returns up to n characters of searchRunes, with a bias to
// the first ones so that needles find repeats.
func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range r.IntN(n + 1) {
		if r.IntN(2) == 0 {
			b.WriteRune(searchRunes[r.IntN(6)])
		} else {
			b.WriteRune(searchRunes[r.IntN(len(searchRunes))])
		}
	}
	return b.String()
}

// searchFixture is a database of random videos, accounts and playlists
// whose searches the tests compare with the statement they ran before the
// search index: one LIKE over every row.
type searchFixture struct {
	t     *testing.T
	db    *DB
	r     *rand.Rand
	texts []string // stored texts, which needles are cut from
	next  int
	owner id.ID // of the videos and playlists newSearchFixture stored
}

// text returns a random text, kept for needles to be cut from.
func (f *searchFixture) text() string {
	s := randomText(f.r, 12)
	f.texts = append(f.texts, s)
	return s
}

// add stores one video, one account and one playlist of random texts.
func (f *searchFixture) add(owner id.ID) {
	f.t.Helper()
	ctx, n := f.t.Context(), f.next
	f.next++
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(f.r.IntN(50)) * time.Second)
	desc := f.text()
	v := video.FromStored(video.Stored{
		ID: id.ID(fmt.Sprintf("%024x", 1<<20+n)), Owner: owner, Title: f.text(), Description: &desc,
		File: video.Media{URL: "u", Key: fmt.Sprintf("f%d", n)}, Thumbnail: video.Media{URL: "t", Key: fmt.Sprintf("t%d", n)},
		Published: f.r.IntN(3) > 0, CreatedAt: at, UpdatedAt: at,
	})
	if err := f.db.Videos().Create(ctx, v); err != nil {
		f.t.Fatalf("Create video: %v", err)
	}
	u := user.FromStored(user.Stored{
		ID: id.ID(fmt.Sprintf("%024x", 2<<20+n)), Username: user.Username(fmt.Sprintf("%s·%d", f.text(), n)),
		Email: user.Email(fmt.Sprintf("s%d@example.com", n)), Name: f.text(), PasswordHash: "h",
		Verified: f.r.IntN(4) > 0, Role: user.RoleUser, CreatedAt: at, UpdatedAt: at,
	})
	if err := f.db.Users().Create(ctx, u); err != nil {
		f.t.Fatalf("Create user: %v", err)
	}
	p := playlist.FromStored(playlist.Stored{
		ID: id.ID(fmt.Sprintf("%024x", 3<<20+n)), Owner: owner, Name: f.text(), Description: f.text(),
		Published: f.r.IntN(3) > 0, CreatedAt: at, UpdatedAt: at,
	})
	if err := f.db.Playlists().Create(ctx, p); err != nil {
		f.t.Fatalf("Create playlist: %v", err)
	}
}

// newSearchFixture stores n videos, accounts and playlists of random
// texts drawn from seed, each in a write of its own, owned by one account.
func newSearchFixture(t *testing.T, db *DB, seed uint64, n int) *searchFixture {
	t.Helper()
	f := &searchFixture{t: t, db: db, r: rand.New(rand.NewPCG(seed, seed+1))}
	f.owner = socialUser(t, db, 1, "Owner")
	for range n {
		f.add(f.owner)
	}
	return f
}

// needle returns a piece of a stored text, recased half the time, or a
// random text.
func (f *searchFixture) needle() string {
	if f.r.IntN(4) == 0 {
		return randomText(f.r, 5)
	}
	s := []rune(f.texts[f.r.IntN(len(f.texts))])
	if len(s) == 0 {
		return "a"
	}
	start := f.r.IntN(len(s))
	s = s[start:min(len(s), start+1+f.r.IntN(5))]
	if f.r.IntN(2) == 0 {
		return strings.ToUpper(string(s))
	}
	return string(s)
}

// scanned returns the ids the statement before the search index found:
// search_text LIKE the escaped needle over every row of table, in order.
func (f *searchFixture) scanned(table, where, order, needle string) []string {
	f.t.Helper()
	var ids []string
	err := f.db.bun.NewSelect().Table(table).Column("id").
		Where("search_text LIKE ? ESCAPE '"+likeEscape+"'", likeContains(needle)).
		Where(where).OrderExpr(order).Scan(f.t.Context(), &ids)
	if err != nil {
		f.t.Fatalf("scan %s for %q: %v", table, needle, err)
	}
	for i := range ids {
		ids[i] = strings.TrimSpace(ids[i]) // char(24) in PostgreSQL
	}
	return ids
}

// check compares every search of needle with the scan, page by page:
// videos (all, and published newest first), accounts and playlists.
func (f *searchFixture) check(needle string) {
	f.t.Helper()
	ctx := f.t.Context()
	what := fmt.Sprintf("needle %q", needle)
	for _, published := range []bool{false, true} {
		where, order := "TRUE", "created_at ASC, id ASC"
		q := video.Query{Search: needle, PublishedOnly: published, Limit: 7}
		if published {
			where, order, q.Desc = "published = TRUE", "created_at DESC, id DESC", true
		}
		want := f.scanned("videos", where, order, needle)
		var got []string
		for q.Page = 1; ; q.Page++ {
			page, err := f.db.Videos().List(ctx, q)
			if err != nil {
				f.t.Fatalf("%s: List: %v", what, err)
			}
			if page.Total != len(want) {
				f.t.Fatalf("%s published %v page %d: Total %d, want %d", what, published, q.Page, page.Total, len(want))
			}
			for _, v := range page.Items {
				got = append(got, v.ID().String())
			}
			if !page.More {
				break
			}
		}
		if !slices.Equal(got, want) {
			f.t.Fatalf("%s published %v: videos\n got %v\nwant %v", what, published, got, want)
		}
	}

	want := f.scanned("users", "verified = TRUE", "username ASC", needle)
	var got []string
	for w := (list.Window{Limit: 50, Page: 1}); ; w.Page++ {
		users, err := f.db.Users().Search(ctx, needle, w)
		if err != nil {
			f.t.Fatalf("%s: Search: %v", what, err)
		}
		for _, u := range users {
			got = append(got, u.ID().String())
		}
		if len(users) < w.Limit {
			break
		}
	}
	if !slices.Equal(got, want) {
		f.t.Fatalf("%s: accounts\n got %v\nwant %v", what, got, want)
	}

	want = f.scanned("playlists", "TRUE", "created_at DESC, id DESC", needle)
	got = got[:0]
	for w := (list.Window{Limit: 50, Page: 1}); ; w.Page++ {
		page, err := f.db.Playlists().List(ctx, playlist.Query{Search: needle, Window: w})
		if err != nil {
			f.t.Fatalf("%s: List playlists: %v", what, err)
		}
		if page.Total != len(want) {
			f.t.Fatalf("%s: playlists page %d: Total %d, want %d", what, w.Page, page.Total, len(want))
		}
		for _, s := range page.Items {
			got = append(got, s.Playlist.ID().String())
		}
		if !page.More {
			break
		}
	}
	if !slices.Equal(got, want) {
		f.t.Fatalf("%s: playlists\n got %v\nwant %v", what, got, want)
	}
}

// Search through the index finds what one LIKE over every row found, in
// the same order, with the same totals, on random texts, through updates
// and deletes and, on SQLite, a VACUUM, which may renumber the rowids of
// tables with text keys.
func TestSearchMatchesScan(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		f := newSearchFixture(t, db, 5, 120)
		owner := f.owner
		round := func() {
			t.Helper()
			for range 150 {
				f.check(f.needle())
			}
		}
		round()

		for i := range 60 {
			vid := id.ID(fmt.Sprintf("%024x", 1<<20+f.r.IntN(f.next)))
			_, err := db.Videos().Update(ctx, vid, func(v *video.Video) error {
				s := v.Stored()
				s.Title = f.text()
				if i%3 == 0 {
					s.Description = nil
				}
				if i%4 == 0 {
					s.Published = !s.Published
				}
				*v = *video.FromStored(s)
				return nil
			})
			if err != nil {
				t.Fatalf("Update video: %v", err)
			}
			uid := id.ID(fmt.Sprintf("%024x", 2<<20+f.r.IntN(f.next)))
			if _, err := db.Users().Update(ctx, uid, func(u *user.User) error {
				s := u.Stored()
				s.Name = f.text()
				*u = *user.FromStored(s)
				return nil
			}); err != nil {
				t.Fatalf("Update user: %v", err)
			}
		}
		for range 30 {
			n := f.r.IntN(f.next)
			_ = db.Videos().Delete(ctx, id.ID(fmt.Sprintf("%024x", 1<<20+n)))
			_ = db.Playlists().Delete(ctx, id.ID(fmt.Sprintf("%024x", 3<<20+n)))
		}
		if b.name == DialectSQLite {
			if _, err := db.bun.ExecContext(ctx, "VACUUM"); err != nil {
				t.Fatalf("VACUUM: %v", err)
			}
		}
		for range 40 {
			f.add(owner)
		}
		for range 20 {
			n := f.r.IntN(f.next)
			_ = db.Videos().Delete(ctx, id.ID(fmt.Sprintf("%024x", 1<<20+n)))
			_, _ = db.Playlists().Update(ctx, id.ID(fmt.Sprintf("%024x", 3<<20+n)), func(p *playlist.Playlist) error {
				name := "renamed " + f.text()
				return p.Edit(playlist.Details{Name: &name}, time.Now())
			})
		}
		round()
		if b.name == DialectSQLite {
			wantSearchKeysInStep(t, db)
		}
	})
}

// wantSearchKeysInStep checks that each searched SQLite table has exactly
// one key per row, and its FTS5 table one entry per key; and that the
// videos' keys carry what their videos hold.
func wantSearchKeysInStep(t *testing.T, db *DB) {
	t.Helper()
	for table, ix := range map[string]searchIndex{"videos": videosSearch, "users": usersSearch, "playlists": playlistsSearch} {
		var rows, keys, orphans, entries, strays int
		err := db.bun.QueryRowContext(t.Context(), "SELECT "+
			"(SELECT count(*) FROM "+table+"), "+
			"(SELECT count(*) FROM "+ix.keys+"), "+
			"(SELECT count(*) FROM "+ix.keys+" WHERE id NOT IN (SELECT id FROM "+table+")), "+
			"(SELECT count(*) FROM "+ix.fts+"), "+
			"(SELECT count(*) FROM "+ix.fts+" WHERE rowid NOT IN (SELECT key FROM "+ix.keys+"))").
			Scan(&rows, &keys, &orphans, &entries, &strays)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if keys != rows || orphans != 0 || entries != keys || strays != 0 {
			t.Fatalf("%s: %d rows, %d keys (%d without a row), %d index entries (%d without a key)",
				table, rows, keys, orphans, entries, strays)
		}
	}
	// A video's key carries its publication and upload time.
	var stale int
	err := db.bun.QueryRowContext(t.Context(), "SELECT count(*) FROM videos_search_keys AS k JOIN videos AS v ON v.id = k.id "+
		"WHERE k.published IS NOT v.published OR k.created_at IS NOT v.created_at").Scan(&stale)
	if err != nil || stale != 0 {
		t.Fatalf("%d video keys whose publication or upload time differ from the video's (%v)", stale, err)
	}
}
