package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// checkpoint empties the write-ahead log a write left, and fails while a
// read holds it.
func TestCheckpoint(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bench.db")
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		"PRAGMA wal_autocheckpoint = 0",
		"CREATE TABLE t (x INTEGER)",
		"INSERT INTO t VALUES (1), (2), (3)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	walSize := func() int64 {
		fi, err := os.Stat(file + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	if walSize() == 0 {
		t.Fatal("the write left no log to checkpoint")
	}

	// A read open on another connection holds the log.
	reader, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	tx, err := reader.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 3 {
		t.Fatalf("read: %d, %v", n, err)
	}
	if err := checkpoint(t.Context(), file); err == nil {
		t.Fatal("checkpoint succeeded while a read held the log")
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}

	if err := checkpoint(t.Context(), file); err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	if size := walSize(); size != 0 {
		t.Fatalf("log of %d bytes left after the checkpoint", size)
	}
}
