package sqlstore

import (
	"context"
	"fmt"
)

// SQLite's FTS5 search indexes (see search.go) grow by segments: every
// transaction that writes searched text adds one, and FTS5 merges them
// only now and then, so an index written a row at a time holds a dozen.
// A search seeks every segment for every trigram of its needle; and
// since SQLite 3.54, the index's own statement that finds a term in a
// segment ("segid = ?") is prepared again whenever the segment it seeks
// changes to or from the one numbered 1. On the load bench's data, a
// search page took 420 µs with the index as writing left it and 285 µs
// merged into one segment.
//
// TidySearch merges them back into one, in steps that each write a
// bounded number of pages in a transaction of their own, so that writers
// wait for one step at most; a step cut short rolls back and the next
// call starts over from the last whole one (FTS5 keeps a merge's progress
// in the index). It merges an index only while the segments beside its
// largest hold at least a mergeRatio-th of its pages, or while the whole
// index is small: merging rewrites every page, and a large index that
// takes a row now and then would otherwise be rewritten for each.

// mergeStepPages is how many pages one merge step writes at most.
const mergeStepPages = 256

// maxMergeSteps bounds one call's work per index: 256 MiB of 4 KiB pages,
// more than a full merge of any index this store is sized for needs.
const maxMergeSteps = 256

// smallIndexPages is the size up to which an index is always merged into
// one segment: rewriting 4 MiB costs a few milliseconds.
const smallIndexPages = 1024

// mergeRatio is how much smaller than the largest segment the others may
// together be before a large index is merged: each page is rewritten
// about once per mergeRatio times its size written since.
const mergeRatio = 8

// TidySearch merges the segments of SQLite's search indexes (see above)
// and reports how many merge steps wrote something. PostgreSQL's trigram
// indexes need nothing of the kind: it returns 0 there.
func (d *DB) TidySearch(ctx context.Context) (int, error) {
	if d.stmts.postgres {
		return 0, nil
	}
	steps := 0
	for _, ix := range []searchIndex{videosSearch, usersSearch, playlistsSearch} {
		due, err := d.mergeDue(ctx, ix.fts)
		if err != nil {
			return steps, err
		}
		if !due {
			continue
		}
		for range maxMergeSteps {
			more, err := d.mergeStep(ctx, ix.fts)
			if err != nil {
				return steps, err
			}
			if !more {
				break
			}
			steps++
		}
	}
	return steps, nil
}

// mergeDue reports whether the index fts should be merged: it has more
// than one segment, and either it is small or the segments beside the
// largest hold at least a mergeRatio-th of that one's pages. A
// segment's pages are counted as its rows in the index's table of leaf
// pages (%_idx): one for each leaf page on which a term starts, a little
// below the true size where a long list of rows spans pages.
func (d *DB) mergeDue(ctx context.Context, fts string) (bool, error) {
	var segments, total, largest int64
	err := d.bun.QueryRowContext(ctx,
		"SELECT count(*), coalesce(sum(n), 0), coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM "+fts+"_idx GROUP BY segid)").
		Scan(&segments, &total, &largest)
	if err != nil {
		return false, internal(err, "size search index "+fts)
	}
	return mergeWorthIt(segments, total, largest), nil
}

// mergeWorthIt is mergeDue's rule, for an index of the given number of
// segments, of total pages, the largest segment holding largest of them.
func mergeWorthIt(segments, total, largest int64) bool {
	return segments > 1 && (total <= smallIndexPages || (total-largest)*mergeRatio >= largest)
}

// mergeStep runs one step of FTS5's merge of all segments of fts into one
// and reports whether it wrote anything. FTS5 tells no other way than by
// the connection's count of changed rows: a step that found nothing to
// merge changed one row (the command itself), so the step and the counts
// around it run on one connection.
func (d *DB) mergeStep(ctx context.Context, fts string) (bool, error) {
	conn, err := d.bun.DB.Conn(ctx)
	if err != nil {
		return false, internal(err, "merge search index "+fts)
	}
	defer conn.Close()
	var before, after int64
	if err := conn.QueryRowContext(ctx, "SELECT total_changes()").Scan(&before); err != nil {
		return false, internal(err, "merge search index "+fts)
	}
	// A negative page count merges segments of every level, down to one.
	merge := fmt.Sprintf("INSERT INTO %[1]s (%[1]s, rank) VALUES ('merge', %d)", fts, -mergeStepPages)
	if _, err := conn.ExecContext(ctx, merge); err != nil {
		return false, internal(err, "merge search index "+fts)
	}
	if err := conn.QueryRowContext(ctx, "SELECT total_changes()").Scan(&after); err != nil {
		return false, internal(err, "merge search index "+fts)
	}
	return after-before > 1, nil
}
