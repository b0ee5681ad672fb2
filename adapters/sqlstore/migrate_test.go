package sqlstore

import (
	"fmt"
	"io/fs"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// migrationCount reads how many migrations bun recorded.
func migrationCount(t *testing.T, db *DB) int {
	t.Helper()
	n, err := db.bun.NewSelect().Table("bun_migrations").Count(t.Context())
	if err != nil {
		t.Fatalf("count migrations: %v", err)
	}
	return int(n)
}

// migrationFileCount counts the embedded up migrations of a dialect.
func migrationFileCount(t *testing.T, dialect string) int {
	t.Helper()
	ups, err := fs.Glob(migrationFiles, "migrations/"+dialect+"/*.up.sql")
	if err != nil || len(ups) == 0 {
		t.Fatalf("no %s migrations embedded (%v)", dialect, err)
	}
	return len(ups)
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t) // migrated once already
		want := migrationCount(t, db)
		if n := migrationFileCount(t, b.name); want != n {
			t.Fatalf("migrations recorded: %d, want every one of the %d files", want, n)
		}
		u := mustUser(t, 1)
		if err := db.Users().Create(t.Context(), u); err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if got := migrationCount(t, db); got != want {
			t.Fatalf("migrations recorded: %d, want %d", got, want)
		}
		if _, err := db.Users().ByID(t.Context(), u.ID()); err != nil {
			t.Fatalf("data lost by the second Migrate: %v", err)
		}
	})
}

// Instances that start together each run Migrate; the advisory lock makes
// the later ones wait and then find nothing to do.
func TestConcurrentMigratePostgres(t *testing.T) {
	t.Parallel()
	schemaURL := postgresSchemaURL(t)
	const instances = 4
	dbs := make([]*DB, instances)
	for i := range dbs {
		db, err := Open(t.Context(), schemaURL)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { _ = db.Close() })
		dbs[i] = db
	}
	results := make([]error, instances)
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Go(func() { results[i] = db.Migrate(t.Context()) })
	}
	wg.Wait()
	for i, err := range results {
		if err != nil {
			t.Fatalf("instance %d: Migrate: %v", i, err)
		}
	}
	if n, want := migrationCount(t, dbs[0]), migrationFileCount(t, DialectPostgres); n != want {
		t.Fatalf("migrations recorded: %d, want %d", n, want)
	}
}

// Deleting an account removes its codes and sessions (ON DELETE CASCADE),
// which on SQLite needs foreign_keys=1 on every connection.
func TestDeletingUserCascades(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		u := mustUser(t, 1)
		if err := db.Users().Create(ctx, u); err != nil {
			t.Fatalf("Create user: %v", err)
		}
		if err := db.Codes().Put(ctx, user.NewCode(u.ID(), user.PurposeVerify, "h", "", time.Now())); err != nil {
			t.Fatalf("Put code: %v", err)
		}
		s := session.New(id.ID("00000000000000000000abcd"), u.ID(), "h", "", time.Now(), time.Hour)
		if err := db.Sessions().Create(ctx, s); err != nil {
			t.Fatalf("Create session: %v", err)
		}
		if _, err := db.bun.NewDelete().Table("users").Where("id = ?", u.ID().String()).Exec(ctx); err != nil {
			t.Fatalf("delete user: %v", err)
		}
		for _, table := range []string{"user_codes", "sessions"} {
			n, err := db.bun.NewSelect().Table(table).Count(ctx)
			if err != nil || n != 0 {
				t.Fatalf("%s left: %d (%v)", table, n, err)
			}
		}
	})
}

// SQLite keeps instants as integer milliseconds (see the package comment);
// this pins the representation that existing database files rely on.
func TestSQLiteTimeRepresentation(t *testing.T) {
	t.Parallel()
	db := testSQLite(t)
	u := mustUser(t, 1)
	if err := db.Users().Create(t.Context(), u); err != nil {
		t.Fatalf("Create: %v", err)
	}
	var kind string
	var millis int64
	err := db.bun.QueryRowContext(t.Context(), "SELECT typeof(created_at), created_at FROM users").Scan(&kind, &millis)
	if err != nil {
		t.Fatalf("read created_at: %v", err)
	}
	if want := u.CreatedAt().UnixMilli(); kind != "integer" || millis != want {
		t.Fatalf("created_at stored as %s %d, want integer %d", kind, millis, want)
	}
}

func mustUser(t *testing.T, n int) *user.User {
	t.Helper()
	return namedUser(t, n, "migrate_user", "migrate@example.com")
}

// namedUser is mustUser with a username and an address of its own.
func namedUser(t *testing.T, n int, username, email string) *user.User {
	t.Helper()
	u, err := user.New(user.NewParams{
		ID: id.ID(fmt.Sprintf("%024x", n)), Username: user.Username(username),
		Email: user.Email(email), Name: "Migrate", PasswordHash: "h",
		Now: time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC),
	})
	if err != nil {
		t.Fatalf("user.New: %v", err)
	}
	return u
}
