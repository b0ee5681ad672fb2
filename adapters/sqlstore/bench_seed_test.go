package sqlstore

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/stagecast/stagecast/adapters/sqlstore/sqltest"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// The seeded data set of the benchmarks: a site of middling size, with the
// skew that makes some pages expensive (one creator far above the others,
// a few videos with thousands of comments).
const (
	benchUsers        = 1_000
	benchVideos       = 10_000
	benchTopVideos    = 500 // owned by the top creator; the rest are spread evenly
	benchVideoLikes   = 100_000
	benchComments     = 50_000
	benchHotComments  = 5_000 // under the hot video
	benchWarmVideos   = 4     // each with benchWarmComments
	benchWarmComments = 2_500
	benchFollowing    = 50 // follows per user, the top creator among them
	benchCommentLikes = 50_000
	benchBatch        = 1_000 // rows per INSERT
)

// The seeded users the benchmarks read as, by number.
const (
	benchTopUser     = 1 // the creator with the most videos, likes and followers
	benchTypicalUser = 500
	benchViewerUser  = 2 // follows benchFollowing creators, the top one among them
)

var benchViewer = benchID(benchViewerUser)

func benchID(n int) id.ID        { return id.ID(fmt.Sprintf("%024x", n)) }
func benchVideoID(n int) id.ID   { return id.ID(fmt.Sprintf("%024x", 1<<32+n)) }
func benchCommentID(n int) id.ID { return id.ID(fmt.Sprintf("%024x", 2<<32+n)) }
func benchFollowID(n int) string { return fmt.Sprintf("%024x", 3<<32+n) }
func benchUsername(n int) string { return fmt.Sprintf("bench_%d", n) }
func benchHotVideo() id.ID       { return benchVideoID(0) }
func benchAt(epoch time.Time, minutes int) msTime {
	return msTime(epoch.Add(time.Duration(minutes) * time.Minute))
}

// benchFixture is a migrated, seeded database shared by every benchmark of
// one backend in the test process.
type benchFixture struct {
	db      *DB
	seeding time.Duration
	close   func() error
}

var (
	benchMu       sync.Mutex
	benchOnce     = map[string]*sync.Once{DialectSQLite: {}, DialectPostgres: {}}
	benchFixtures = map[string]*benchFixture{}
	benchErrs     = map[string]error{}
)

// seededDB returns the backend's seeded database, seeding it on the first
// call; PostgreSQL is skipped without TEST_POSTGRES_URL.
func seededDB(b *testing.B, backend string) *benchFixture {
	b.Helper()
	base := ""
	if backend == DialectPostgres {
		base = sqltest.PostgresServer(b)
	}
	benchOnce[backend].Do(func() {
		f, err := newBenchFixture(context.Background(), backend, base, seedBench)
		benchMu.Lock()
		benchFixtures[backend], benchErrs[backend] = f, err
		benchMu.Unlock()
		if err == nil {
			b.Logf("seeded %s in %v: %d users, %d videos, %d video likes, %d comments, %d follows, %d comment likes",
				backend, f.seeding.Round(time.Millisecond), benchUsers, benchVideos, benchVideoLikes,
				benchComments, benchUsers*benchFollowing, benchCommentLikes)
		}
	})
	benchMu.Lock()
	defer benchMu.Unlock()
	if err := benchErrs[backend]; err != nil {
		b.Fatalf("seed %s: %v", backend, err)
	}
	return benchFixtures[backend]
}

// closeBenchFixtures closes the seeded databases and removes them; TestMain
// calls it once the benchmarks are done.
func closeBenchFixtures() error {
	benchMu.Lock()
	defer benchMu.Unlock()
	var errs []error
	for _, f := range benchFixtures {
		if f != nil {
			errs = append(errs, f.close())
		}
	}
	return errors.Join(errs...)
}

// newBenchFixture creates a database of its own, which outlives any one
// benchmark: a file in a temporary directory, or a schema on the server,
// migrates it and fills it with seed.
func newBenchFixture(ctx context.Context, backend, base string, seed func(context.Context, *bun.DB) error) (*benchFixture, error) {
	var databaseURL string
	var drop func() error
	if backend == DialectPostgres {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return nil, err
		}
		schema := "sqlbench_" + strings.ToLower(crand.Text())
		ident := pgx.Identifier{schema}.Sanitize()
		if _, err := conn.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
			return nil, errors.Join(err, conn.Close(ctx))
		}
		drop = func() error {
			_, err := conn.Exec(context.Background(), "DROP SCHEMA "+ident+" CASCADE")
			return errors.Join(err, conn.Close(context.Background()))
		}
		u, err := url.Parse(base)
		if err != nil {
			return nil, errors.Join(err, drop())
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		databaseURL = u.String()
	} else {
		dir, err := os.MkdirTemp("", "sqlbench-")
		if err != nil {
			return nil, err
		}
		drop = func() error { return os.RemoveAll(dir) }
		databaseURL = "sqlite:" + dir + "/stagecast.db"
	}
	db, err := Open(ctx, databaseURL)
	if err != nil {
		return nil, errors.Join(err, drop())
	}
	f := &benchFixture{db: db, close: func() error { return errors.Join(db.Close(), drop()) }}
	start := time.Now()
	if err := db.Migrate(ctx); err != nil {
		return nil, errors.Join(err, f.close())
	}
	if err := seed(ctx, db.bun); err != nil {
		return nil, errors.Join(err, f.close())
	}
	f.seeding = time.Since(start)
	return f, nil
}

// Like rows, which the store writes with plain SQL.
type benchVideoLike struct {
	bun.BaseModel `bun:"table:video_likes"`
	UserID        string `bun:"user_id"`
	VideoID       string `bun:"video_id"`
	CreatedAt     msTime `bun:"created_at"`
}

type benchCommentLike struct {
	bun.BaseModel `bun:"table:comment_likes"`
	UserID        string `bun:"user_id"`
	CommentID     string `bun:"comment_id"`
	CreatedAt     msTime `bun:"created_at"`
}

// seedBench writes the data set in one transaction, benchBatch rows per
// INSERT, from a fixed random source so that every run reads the same
// data. PostgreSQL tables are vacuumed and analyzed afterwards, as
// autovacuum would do soon after such a load (the visibility map lets
// counts read indexes only); SQLite is left as a deployed file is,
// without statistics.
func seedBench(ctx context.Context, db *bun.DB) error {
	r := rand.New(rand.NewPCG(1, 2))
	epoch := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		users := make([]userRow, benchUsers)
		for i := range users {
			n := i + 1
			users[i] = userRow{
				ID: benchID(n).String(), Username: benchUsername(n), Email: fmt.Sprintf("bench%d@example.com", n),
				Name: fmt.Sprintf("Bench %d", n), PasswordHash: "h", Verified: true, Role: string(user.RoleUser),
				SearchText: fmt.Sprintf("bench %d\n%s", n, benchUsername(n)), CreatedAt: benchAt(epoch, 0), UpdatedAt: benchAt(epoch, 0),
			}
		}
		// A video about every ten minutes, over some ten weeks; the
		// hot video (0) is the top creator's newest.
		videos := make([]videoRow, benchVideos)
		for i := range videos {
			owner := benchID(benchTopUser)
			if i >= benchTopVideos {
				owner = benchID(2 + i%(benchUsers-1))
			}
			at := benchAt(epoch, 10*(benchVideos-i)+r.IntN(5))
			videos[i] = videoRow{
				ID: benchVideoID(i).String(), OwnerID: owner.String(), FileURL: "u", FileKey: fmt.Sprintf("f%d", i),
				ThumbURL: "t", ThumbKey: fmt.Sprintf("t%d", i), Title: fmt.Sprintf("Video %d", i),
				Description: sql.NullString{String: "A benchmark video", Valid: true}, SearchText: fmt.Sprintf("video %d\na benchmark video", i),
				Duration: 60, Views: int64(r.IntN(10_000)), Published: i <= benchWarmVideos || r.IntN(10) > 0, CreatedAt: at, UpdatedAt: at,
			}
		}
		// Each user follows the top creator and others drawn at random.
		var follows []followRow
		for u := 1; u <= benchUsers; u++ {
			seen := map[int]bool{u: true}
			for len(seen) <= benchFollowing {
				other := 1 + r.IntN(benchUsers)
				if len(seen) == 1 && u != benchTopUser {
					other = benchTopUser
				}
				if !seen[other] {
					seen[other] = true
					follows = append(follows, followRow{
						ID: benchFollowID(len(follows)), FollowerID: benchID(u).String(),
						FollowingID: benchID(other).String(), CreatedAt: benchAt(epoch, len(follows)),
					})
				}
			}
		}
		// A third of the likes go to the top creator's videos.
		likes := make([]benchVideoLike, 0, benchVideoLikes)
		liked := map[[2]int]bool{}
		for len(likes) < benchVideoLikes {
			u, v := 1+r.IntN(benchUsers), r.IntN(benchVideos)
			if r.IntN(3) == 0 {
				v = r.IntN(benchTopVideos)
			}
			if !liked[[2]int{u, v}] {
				liked[[2]int{u, v}] = true
				likes = append(likes, benchVideoLike{UserID: benchID(u).String(), VideoID: benchVideoID(v).String(), CreatedAt: benchAt(epoch, len(likes))})
			}
		}
		comments := make([]commentRow, benchComments)
		for i := range comments {
			v := r.IntN(benchVideos)
			switch {
			case i < benchHotComments:
				v = 0
			case i < benchHotComments+benchWarmVideos*benchWarmComments:
				v = 1 + (i-benchHotComments)/benchWarmComments
			}
			at := benchAt(epoch, i)
			comments[i] = commentRow{
				ID: benchCommentID(i).String(), OwnerID: benchID(1 + r.IntN(benchUsers)).String(),
				VideoID: sql.NullString{String: benchVideoID(v).String(), Valid: true}, Content: "A benchmark comment", CreatedAt: at, UpdatedAt: at,
			}
		}
		// Half the comment likes go to the hot video's comments.
		commentLikes := make([]benchCommentLike, 0, benchCommentLikes)
		clear(liked)
		for len(commentLikes) < benchCommentLikes {
			u, c := 1+r.IntN(benchUsers), r.IntN(benchComments)
			if r.IntN(2) == 0 {
				c = r.IntN(benchHotComments)
			}
			if !liked[[2]int{u, c}] {
				liked[[2]int{u, c}] = true
				commentLikes = append(commentLikes, benchCommentLike{UserID: benchID(u).String(), CommentID: benchCommentID(c).String(), CreatedAt: benchAt(epoch, len(commentLikes))})
			}
		}
		for _, insert := range []func() error{
			func() error { return insertBatches(ctx, tx, users) },
			func() error { return insertBatches(ctx, tx, videos) },
			func() error { return insertBatches(ctx, tx, follows) },
			func() error { return insertBatches(ctx, tx, likes) },
			func() error { return insertBatches(ctx, tx, comments) },
			func() error { return insertBatches(ctx, tx, commentLikes) },
		} {
			if err := insert(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || db.Dialect().Name() != dialect.PG {
		return err
	}
	_, err = db.ExecContext(ctx, "VACUUM (ANALYZE) users, videos, video_counts, follows, video_likes, comments, comment_likes")
	return err
}

// insertBatches writes rows benchBatch at a time, one multi-row INSERT each.
func insertBatches[R any](ctx context.Context, tx bun.Tx, rows []R) error {
	for start := 0; start < len(rows); start += benchBatch {
		batch := rows[start:min(start+benchBatch, len(rows))]
		if _, err := tx.NewInsert().Model(&batch).Exec(ctx); err != nil {
			return fmt.Errorf("insert %T: %w", rows, err)
		}
	}
	return nil
}
