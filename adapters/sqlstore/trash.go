package sqlstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/media"
)

// trashRow is a row of media_trash.
type trashRow struct {
	bun.BaseModel `bun:"table:media_trash,alias:t"`

	Key      string `bun:"key,pk"`
	DueAt    msTime `bun:"due_at"`
	Attempts int    `bun:"attempts"`
}

// trash implements media.Trash.
type trash struct {
	db bun.IDB
}

var _ media.Trash = (*trash)(nil)

// Add upserts every key in one statement. A key already in the trash takes
// the new due time but keeps its attempts: it is the same object, and the
// failures so far still tell how hard it is to delete.
func (r *trash) Add(ctx context.Context, due time.Time, keys ...string) error {
	keys = trashKeys(keys)
	if len(keys) == 0 {
		return nil
	}
	rows := make([]trashRow, len(keys))
	for i, k := range keys {
		rows[i] = trashRow{Key: k, DueAt: msTime(due)}
	}
	_, err := r.db.NewInsert().Model(&rows).
		On("CONFLICT (key) DO UPDATE").
		Set("due_at = EXCLUDED.due_at").
		Exec(ctx)
	if err != nil {
		return internal(err, "add to trash")
	}
	return nil
}

// Remove deletes the keys; missing ones are ignored.
func (r *trash) Remove(ctx context.Context, keys ...string) error {
	keys = trashKeys(keys)
	if len(keys) == 0 {
		return nil
	}
	_, err := r.db.NewDelete().Model((*trashRow)(nil)).Where("key IN (?)", bun.List(keys)).Exec(ctx)
	if err != nil {
		return internal(err, "remove from trash")
	}
	return nil
}

// Claim deletes the key and reports whether it was there. The database
// serializes deletes of one row, so of racing claims exactly one sees it.
func (r *trash) Claim(ctx context.Context, key string) (bool, error) {
	if key == "" {
		return false, nil
	}
	res, err := r.db.NewDelete().Model((*trashRow)(nil)).Where("key = ?", key).Exec(ctx)
	if err != nil {
		return false, internal(err, "claim from trash")
	}
	n, err := affected(res, "claim from trash")
	return n > 0, err
}

// Due returns the items due at now, by due time then key (byte-wise).
func (r *trash) Due(ctx context.Context, now time.Time, limit int) ([]media.TrashItem, error) {
	if limit <= 0 {
		// bun reads Limit(0) as "no limit"; the port reads it as none.
		return []media.TrashItem{}, nil
	}
	var rows []trashRow
	err := r.db.NewSelect().Model(&rows).
		Where("due_at <= ?", msTime(now)).
		OrderExpr("due_at ASC, key ASC").
		Limit(int64(limit)).
		Scan(ctx)
	if err != nil {
		return nil, internal(err, "due trash")
	}
	out := make([]media.TrashItem, len(rows))
	for i, row := range rows {
		out[i] = media.TrashItem{Key: row.Key, DueAt: row.DueAt.Time(), Attempts: row.Attempts}
	}
	return out, nil
}

// Postpone counts a failed attempt and sets the next try. A key that left
// the trash meanwhile (an upload finalized while its deletion was failing)
// stays out: the update matches nothing, which is not an error.
func (r *trash) Postpone(ctx context.Context, key string, due time.Time) error {
	_, err := r.db.NewUpdate().Model((*trashRow)(nil)).
		Set("attempts = attempts + 1").
		Set("due_at = ?", msTime(due)).
		Where("key = ?", key).
		Exec(ctx)
	if err != nil {
		return internal(err, "postpone trash")
	}
	return nil
}

// trashKeys drops empty keys (the "no object" of a generated avatar) and
// duplicates, which one PostgreSQL upsert may not touch twice.
func trashKeys(keys []string) []string {
	out := make([]string, 0, len(keys))
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
