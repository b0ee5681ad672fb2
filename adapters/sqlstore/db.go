package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// The dialects Dialect reports.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// sqlitePragmas make SQLite behave under concurrent writers: WAL lets readers
// run beside a writer, busy_timeout makes a writer wait for the lock instead
// of failing at once, and immediate transactions take the write lock at BEGIN
// so that two transactions never deadlock upgrading from read to write.
// foreign_keys is off by default in SQLite and enables the cascades.
//
// synchronous stays FULL, SQLite's default: a commit waits for its fsync,
// so that nothing acknowledged is lost even to a power cut (NORMAL would
// give up the last commits then, for cheaper writes).
const sqlitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"

// Pool sizes. SQLite runs one writer at a time whatever the pool, so a small
// pool keeps waiters in Go rather than in SQLite's busy loop; and its
// readers, which run in the server's own process, contend for the
// engine's allocator lock beyond a few per core: under make load on two
// cores, 4 connections served the list routes with 1 to 6 % less CPU per
// request than 8, and 2 a seventh fewer requests a second than 4. So the
// pool has two connections per core the process may use when it opens
// the database, within sqliteMinConns and sqliteMaxConns (see
// sqlitePoolSize).
//
// PostgreSQL's pool has four connections per core, within
// postgresMinConns and postgresMaxConns (see postgresDefaultPoolSize): a
// connection runs one statement at a time and spends much of each round
// trip waiting on the network and the server's goroutines, so a few per
// core keep the cores busy; but each is a server process, and more of
// them running at once than the cores can serve only add switches between
// them. Under make load on two cores, where the database shares the cores
// with the server, 8 connections cost the database 8 to 18 % less CPU per
// request on the list routes than 25 (two rounds each: videos 192 against
// 233 µs, subscription feed 290 against 348, comments 259 against 299,
// community feed 222 against 240), and 6 served fewer requests a second
// than 8 on each of them. Larger machines are sized by the same ratio,
// unmeasured. The cores counted are the server's, not the database's:
// where the database runs on a larger machine of its own, the URL may
// choose (see postgresPoolSize).
//
// The ceiling keeps a few instances below the server's default
// max_connections.
const (
	sqliteMinConns       = 4
	sqliteMaxConns       = 16
	postgresMinConns     = 8
	postgresConnsPerCore = 4
	postgresMaxConns     = 25
)

// postgresDefaultPoolSize is the size of PostgreSQL's pool for procs usable
// cores when the URL does not choose one (see postgresMinConns).
func postgresDefaultPoolSize(procs int) int {
	return min(max(postgresMinConns, postgresConnsPerCore*procs), postgresMaxConns)
}

// sqlitePoolSize is the size of SQLite's pool for procs usable cores (see
// sqliteMinConns).
func sqlitePoolSize(procs int) int {
	return min(max(sqliteMinConns, 2*procs), sqliteMaxConns)
}

// DB is an open database with the repositories built on it. It is safe for
// concurrent use.
type DB struct {
	bun     *bun.DB
	dialect string
	// stmts runs the hot paths' prepared statements.
	stmts *statements
	// searchCounts keeps the counts of recent video searches.
	searchCounts *searchCounts

	// migrateMu serializes Migrate calls within one process; across
	// processes PostgreSQL uses an advisory lock (see Migrate).
	migrateMu sync.Mutex

	users    *users
	codes    *codes
	signups  *signups
	sessions *sessions
	videos   *videos
	history  *history
	trash    *trash

	follows   *follows
	likes     *likes
	comments  *comments
	posts     *posts
	playlists *playlists
}

// Open connects to databaseURL, one of
//
//	sqlite:<path>, file:<path>        SQLite; the parent directory is created
//	postgres://..., postgresql://...  PostgreSQL, as pgx parses it, plus an
//	                                  optional pool_max_conns=1..25
//
// and checks the connection. It does not change the schema: call Migrate.
func Open(ctx context.Context, databaseURL string) (*DB, error) {
	scheme, rest, ok := strings.Cut(databaseURL, ":")
	if !ok {
		return nil, fmt.Errorf("sqlstore: DATABASE_URL %q has no scheme; want sqlite:<path>, file:<path> or postgres://", redact(databaseURL))
	}
	var (
		db  *bun.DB
		err error
	)
	switch strings.ToLower(scheme) {
	case "sqlite", "file":
		db, err = openSQLite(rest)
	case "postgres", "postgresql":
		db, err = openPostgres(databaseURL)
	default:
		return nil, fmt.Errorf("sqlstore: unsupported DATABASE_URL scheme %q; want sqlite:, file:, postgres:// or postgresql://", scheme)
	}
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("sqlstore: connect to %s: %w", redact(databaseURL), err), db.Close())
	}
	return newDB(db), nil
}

func newDB(db *bun.DB) *DB {
	d := &DB{
		dialect: DialectPostgres, users: &users{}, codes: &codes{}, signups: &signups{}, sessions: &sessions{},
		videos: &videos{}, history: &history{}, trash: &trash{},
		follows: &follows{}, likes: &likes{}, comments: &comments{}, posts: &posts{}, playlists: &playlists{},
	}
	if db.Dialect().Name() == dialect.SQLite {
		d.dialect = DialectSQLite
	}
	d.stmts = newStatements(db, d.dialect == DialectPostgres, nil)
	d.searchCounts = newSearchCounts()
	d.bind(db)
	return d
}

// bind points every repository at db. It writes into the repositories in
// place, so that those already handed out follow (see OnQuery).
func (d *DB) bind(db *bun.DB) {
	d.bun = db
	*d.users = users{db: db, st: d.stmts}
	*d.codes = codes{db: db}
	*d.signups = signups{db: db}
	*d.sessions = sessions{db: db, st: d.stmts}
	*d.videos = videos{db: db, st: d.stmts, counts: d.searchCounts}
	*d.history = history{db: db, st: d.stmts}
	*d.trash = trash{db: db}
	*d.follows = follows{db: db, st: d.stmts}
	*d.likes = likes{db: db, st: d.stmts}
	*d.comments = comments{db: db, st: d.stmts}
	*d.posts = posts{db: db, st: d.stmts}
	*d.playlists = playlists{db: db, st: d.stmts}
}

// openSQLite opens the file named by the part of the URL after the scheme.
// A "//" prefix is dropped so that sqlite:///abs/path works too; query
// parameters are passed to the driver after the required pragmas.
func openSQLite(rest string) (*bun.DB, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(rest, "//"), "?")
	switch path {
	case "":
		return nil, errors.New("sqlstore: the SQLite DATABASE_URL names no file; want sqlite:<path>")
	case ":memory:":
		// Every pooled connection would get its own empty database.
		return nil, errors.New("sqlstore: in-memory SQLite is not supported; use DATABASE_URL=memory: for the in-memory store")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("sqlstore: create the directory of %s: %w", path, err)
	}
	dsn := "file:" + path + "?" + sqlitePragmas
	if query != "" {
		dsn += "&" + query
	}
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	conns := sqlitePoolSize(runtime.GOMAXPROCS(0))
	sqldb.SetMaxOpenConns(conns)
	// Keeping every connection avoids re-running the pragmas on reconnects.
	sqldb.SetMaxIdleConns(conns)
	return bun.NewDB(sqldb, sqlitedialect.New()), nil
}

func openPostgres(databaseURL string) (*bun.DB, error) {
	databaseURL, maxConns, err := postgresPoolSize(databaseURL)
	if err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		// pgx redacts the password in its parse errors.
		return nil, fmt.Errorf("sqlstore: invalid PostgreSQL URL: %w", err)
	}
	// pgx keeps its default mode, which prepares each new text and keeps
	// the last 512: bun writes values into its statements' texts, but the
	// texts of a busy route repeat, and measured under load the default
	// cost PostgreSQL less than the exec and simple-protocol modes, which
	// parse every statement again. The hot paths prepare their own
	// statements, with placeholders (see statements).
	//
	// Those run on their generic plans unless the URL chose (see
	// planCacheMode), and every plan is costed for solid-state storage
	// unless the server's configuration or the URL chose (see
	// randomPageCost).
	if _, set := cfg.RuntimeParams[planCacheMode]; !set && !strings.Contains(strings.ToLower(cfg.RuntimeParams["options"]), planCacheMode) {
		cfg.RuntimeParams[planCacheMode] = "force_generic_plan"
	}
	sqldb := stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(costForSolidState))
	sqldb.SetMaxOpenConns(maxConns)
	sqldb.SetMaxIdleConns(maxConns)
	return bun.NewDB(sqldb, pgdialect.New()), nil
}

// planCacheMode is the PostgreSQL setting that chooses between a prepared
// statement's generic plan and a custom plan for each execution's values.
// Left to itself ("auto") PostgreSQL compares the generic plan's estimate
// with the custom plans' and, for a page whose LIMIT is a placeholder,
// finds the generic one dearer (it assumes a tenth of the list), so it
// plans the statement again on every execution: more CPU than running it.
// The statements prepared with placeholders (see statements) are written
// for plans that do not depend on their values (authors looked up by
// key, see ownerJoin; short search needles a text of their own, see
// containsClause), so the pool always uses the generic plan, built once
// per connection and again after the tables' statistics change. EXPLAIN
// EXECUTE under this setting gave the video and history pages the index
// plans their custom plans have; a search's generic plan weighs its
// pattern by a default selectivity rather than by statistics.
// A URL that sets plan_cache_mode, as a parameter or in options, keeps its
// own (auto restores PostgreSQL's choice). bun's statements carry their
// values in their text and have no placeholders: the setting does not
// touch them.
const planCacheMode = "plan_cache_mode"

// randomPageCost is the planner's cost of reading a page out of order,
// relative to a page of a sequential scan: 4 by default, priced for
// spinning disks, where the usual value for solid-state storage, and for
// tables that stay in memory, is 1.1. At 4, the users of a small site (a
// few pages) are scanned whole to find one by its key, once for each
// row of a page that looks its owner up (ownerJoin), and each of those
// scans asks the kernel for the table's size; whether a connection's
// generic plan scans or looks up then turns on the table's size when the
// plan was made. At 1.1 the pages look their owners up in the users' key:
// on a copy of the load bench's database, as its load left it, the
// statements of a videos page and of a feed page cost the database a
// fifth less CPU (pgbench, generic plans: 177 to 141 µs, and 217 to
// 180 µs).
const randomPageCost = "random_page_cost"

// costForSolidState sets randomPageCost to 1.1 on a new connection where
// nothing chose its value: a value in the server's configuration, in the
// database's or the role's settings, or in the URL (as a parameter or in
// options) is kept. It is a statement after connecting rather than a
// setting sent with the connection, which would override the server's
// own choices (and which PgBouncer refuses unless told to ignore it).
func costForSolidState(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(ctx, "SELECT set_config('"+randomPageCost+"', '1.1', false) FROM pg_settings "+
		"WHERE name = '"+randomPageCost+"' AND source = 'default'")
	return err
}

// postgresPoolSize reads the optional pool_max_conns parameter (the name
// pgxpool gives it), which sizes the pool, up to postgresMaxConns: lower
// where many pools share one server, as parallel tests do. Without it the
// pool has postgresDefaultPoolSize connections for the cores the process
// may use. It returns the URL without it, since pgx would send it to the
// server as an unknown setting.
func postgresPoolSize(databaseURL string) (string, int, error) {
	const param = "pool_max_conns"
	u, err := url.Parse(databaseURL)
	if err != nil || !u.Query().Has(param) {
		// pgx reports what is wrong with a URL it cannot parse.
		return databaseURL, postgresDefaultPoolSize(runtime.GOMAXPROCS(0)), nil
	}
	q := u.Query()
	n, err := strconv.Atoi(q.Get(param))
	if err != nil || n < 1 || n > postgresMaxConns {
		return "", 0, fmt.Errorf("sqlstore: %s=%q in DATABASE_URL: want a number from 1 to %d", param, q.Get(param), postgresMaxConns)
	}
	q.Del(param)
	// Encode writes a space as "+", which pgx reads as a plus sign (as in
	// options=-c%20name%3Dvalue); a plus sign itself it writes as %2B.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String(), n, nil
}

// redact hides the password of a URL for error messages; a URL too broken
// to parse is hidden whole, as it may still hold one.
func redact(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Dialect returns "sqlite" or "postgres".
func (d *DB) Dialect() string { return d.dialect }

// Ping checks that the database answers, for health checks.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.bun.PingContext(ctx); err != nil {
		return internal(err, "ping")
	}
	return nil
}

// Close releases the connections.
func (d *DB) Close() error {
	d.stmts.close()
	return d.bun.Close()
}

// SessionHolders returns the reader of sessions with their users.
func (d *DB) SessionHolders() app.SessionHolders { return d.sessions }

// Users returns the account repository.
func (d *DB) Users() user.Repository { return d.users }

// Codes returns the one-time code repository.
func (d *DB) Codes() user.Codes { return d.codes }

// Signups returns the store of sign-ups.
func (d *DB) Signups() user.Signups { return d.signups }

// Sessions returns the session repository.
func (d *DB) Sessions() session.Repository { return d.sessions }

// Videos returns the video repository.
func (d *DB) Videos() video.Repository { return d.videos }

// History returns the watch-history repository.
func (d *DB) History() video.History { return d.history }

// Trash returns the media trash.
func (d *DB) Trash() media.Trash { return d.trash }

// Follows returns the follow repository.
func (d *DB) Follows() follow.Repository { return d.follows }

// Likes returns the like repository.
func (d *DB) Likes() like.Repository { return d.likes }

// Comments returns the comment repository.
func (d *DB) Comments() comment.Repository { return d.comments }

// Posts returns the community post repository.
func (d *DB) Posts() post.Repository { return d.posts }

// Playlists returns the playlist repository.
func (d *DB) Playlists() playlist.Repository { return d.playlists }

// VideoRecords returns the reader of video pages.
func (d *DB) VideoRecords() app.VideoRecords { return d.videos }

// FigureReader returns the reader of the figures shown beside list items.
func (d *DB) FigureReader() app.FigureReader { return figures{st: d.stmts} }

// FollowPages returns the reader of follow lists with the accounts they
// show, in one statement (a page past the end reads its total in a
// second).
func (d *DB) FollowPages() app.FollowPages { return d.follows }

// CommentPages returns the reader of pages of comments with their
// figures, in one statement (a page past the end reads its total in a
// second).
func (d *DB) CommentPages() app.CommentPages { return d.comments }

// PostPages returns the reader of pages of posts with their figures, in
// one statement.
func (d *DB) PostPages() app.PostPages { return d.posts }

// PlaylistPages returns the reader of playlist pages, in one statement.
func (d *DB) PlaylistPages() app.PlaylistPages { return d.playlists }

// HistoryPages returns the reader of watch history pages with their
// videos' owners, in one statement.
func (d *DB) HistoryPages() app.HistoryPages { return d.history }

// LikedPages returns the reader of liked videos with their owners, in one
// statement.
func (d *DB) LikedPages() app.LikedPages { return d.likes }

// VideoPages returns the reader of pages of videos with their figures.
func (d *DB) VideoPages() app.VideoPages { return d.videos }
