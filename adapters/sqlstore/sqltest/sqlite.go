package sqltest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// SQLite returns the DATABASE_URL of a new SQLite file holding a migrated,
// empty database.
func (p *Pool) SQLite(t testing.TB) string {
	t.Helper()
	p.sqliteOnce.Do(func() { p.sqlite, p.sqliteErr = sqliteTemplate(p.migrate) })
	if p.sqliteErr != nil {
		t.Fatal(p.sqliteErr)
	}
	path := filepath.Join(t.TempDir(), "stagecast.db")
	if err := os.WriteFile(path, p.sqlite, 0o600); err != nil {
		t.Fatalf("copy the migrated SQLite template: %v", err)
	}
	return "sqlite:" + path
}

// sqliteTemplate migrates a new file and returns its bytes.
func sqliteTemplate(migrate Migrate) ([]byte, error) {
	dir, err := os.MkdirTemp("", "sqltest-")
	if err != nil {
		return nil, fmt.Errorf("sqltest: SQLite template: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	if err := migrate(context.Background(), "sqlite:"+path); err != nil {
		return nil, fmt.Errorf("sqltest: migrate the SQLite template: %w", err)
	}
	// SQLite folds its write-ahead log into the file when the last
	// connection closes; a log left behind holds part of the schema.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("sqltest: the SQLite template still has a write-ahead log: Migrate must close the database")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sqltest: read the SQLite template: %w", err)
	}
	return b, nil
}
