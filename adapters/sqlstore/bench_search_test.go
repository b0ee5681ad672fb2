package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/stagecast/stagecast/adapters/sqlstore/sqltest"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// The search benchmarks read the public video list filtered by a search,
// as GET /api/v1/video?query= does: published videos, newest first, 20 a
// page, with the total. Their data sets hold videos whose titles and
// descriptions are drawn from a vocabulary, with a few marker words of
// known frequency to search for.

// The video counts the search benchmarks run on.
var benchSearchSizes = []int{2_000, 20_000}

// The owners of the search data sets' videos.
const benchSearchOwners = 100

// The needles of the search benchmarks.
var benchNeedles = []struct {
	name, needle string
}{
	{"rare", "Zephyrine"},   // in about one video in 500
	{"common", "tutorial"},  // in about one video in five
	{"half", "a k"},         // in about every other video
	{"everywhere", "e"},     // one character: no index can narrow it
	{"twochars", "vu"},      // two characters: the same
	{"missing", "nowhere!"}, // in no video
}

// benchSearchWords is the vocabulary of the titles and descriptions: made
// up words of two to four syllables.
func benchSearchWords(r *rand.Rand) []string {
	syllables := strings.Fields("ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu " +
		"ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu")
	words := make([]string, 3_000)
	for i := range words {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		words[i] = b.String()
	}
	return words
}

// benchSearchText returns n words of the vocabulary, with the marker
// words at their frequencies, capitalized now and then.
func benchSearchText(r *rand.Rand, words []string, n int) string {
	out := make([]string, n)
	for i := range out {
		w := words[r.IntN(len(words))]
		if r.IntN(4) == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		out[i] = w
	}
	// Per video, not per word.
	if r.IntN(1_000) == 0 {
		out[r.IntN(n)] = "zephyrine"
	}
	if r.IntN(10) == 0 {
		out[r.IntN(n)] = "Tutorial"
	}
	return strings.Join(out, " ")
}

// searchFixturesOnce seeds each search data set once: fixture name →
// *sync.Once.
var searchFixturesOnce sync.Map

// searchDB returns the backend's search data set of n videos, seeding it
// on the first call; it is closed with the other benchmark fixtures.
func searchDB(b *testing.B, backend string, n int) *DB {
	b.Helper()
	base := ""
	if backend == DialectPostgres {
		base = sqltest.PostgresServer(b)
	}
	name := fmt.Sprintf("%s/search%d", backend, n)
	once, _ := searchFixturesOnce.LoadOrStore(name, &sync.Once{})
	once.(*sync.Once).Do(func() {
		f, err := newBenchFixture(context.Background(), backend, base, func(ctx context.Context, db *bun.DB) error {
			return seedSearch(ctx, db, n)
		})
		benchMu.Lock()
		benchFixtures[name], benchErrs[name] = f, err
		benchMu.Unlock()
		if err == nil {
			b.Logf("seeded %s in %v: %d videos", name, f.seeding.Round(time.Millisecond), n)
		}
	})
	benchMu.Lock()
	defer benchMu.Unlock()
	if err := benchErrs[name]; err != nil {
		b.Fatalf("seed %s: %v", name, err)
	}
	return benchFixtures[name].db
}

// seedSearch writes benchSearchOwners accounts and n videos, a video about
// every ten minutes, nine in ten published, from a fixed random source.
// PostgreSQL tables are vacuumed and analyzed afterwards, as in seedBench.
func seedSearch(ctx context.Context, db *bun.DB, n int) error {
	r := rand.New(rand.NewPCG(3, 4))
	words := benchSearchWords(r)
	epoch := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		users := make([]userRow, benchSearchOwners)
		for i := range users {
			n := i + 1
			users[i] = userRow{
				ID: benchID(n).String(), Username: benchUsername(n), Email: fmt.Sprintf("bench%d@example.com", n),
				Name: fmt.Sprintf("Bench %d", n), PasswordHash: "h", Verified: true, Role: string(user.RoleUser),
				SearchText: userSearchText(fmt.Sprintf("Bench %d", n), user.Username(benchUsername(n))),
				CreatedAt:  benchAt(epoch, 0), UpdatedAt: benchAt(epoch, 0),
			}
		}
		videos := make([]videoRow, n)
		for i := range videos {
			title := benchSearchText(r, words, 3+r.IntN(4))
			desc := benchSearchText(r, words, 10+r.IntN(30))
			at := benchAt(epoch, 10*(n-i))
			videos[i] = videoRow{
				ID: benchVideoID(i).String(), OwnerID: benchID(1 + i%benchSearchOwners).String(),
				FileURL: "u", FileKey: fmt.Sprintf("f%d", i), ThumbURL: "t", ThumbKey: fmt.Sprintf("t%d", i),
				Title: title, Description: sql.NullString{String: desc, Valid: true}, SearchText: searchText(title, &desc),
				Duration: 60, Published: r.IntN(10) > 0, CreatedAt: at, UpdatedAt: at,
			}
		}
		if err := insertBatches(ctx, tx, users); err != nil {
			return err
		}
		return insertBatches(ctx, tx, videos)
	})
	if err != nil || db.Dialect().Name() != dialect.PG {
		return err
	}
	_, err = db.ExecContext(ctx, "VACUUM (ANALYZE) users, videos")
	return err
}

// searchList is the store's part of a search of the public list: the page,
// and the count when the page cannot tell the total.
func searchList(needle string) video.Query {
	return video.Query{PublishedOnly: true, Search: needle, Sort: video.SortCreatedAt, Desc: true, Limit: 20, Page: 1}
}

func BenchmarkVideoSearch(b *testing.B) {
	for _, backend := range []string{DialectSQLite, DialectPostgres} {
		for _, n := range benchSearchSizes {
			b.Run(fmt.Sprintf("%s/videos=%d", backend, n), func(b *testing.B) {
				db := searchDB(b, backend, n)
				for _, c := range benchNeedles {
					b.Run(c.name, func(b *testing.B) {
						var total int
						benchPage(b, func(ctx context.Context) error {
							page, err := db.Videos().List(ctx, searchList(c.needle))
							total = page.Total
							return err
						})
						b.ReportMetric(float64(total), "matches")
					})
				}
			})
		}
	}
}
