package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/media"
)

// trashRow is a row of media_trash.
type trashRow struct {
	bun.BaseModel `bun:"table:media_trash,alias:t"`

	Key        string `bun:"key,pk"`
	State      string `bun:"state"`
	DueAt      msTime `bun:"due_at"`
	Attempts   int    `bun:"attempts"`
	GrantUntil msTime `bun:"grant_until"`
}

func (row trashRow) item() media.TrashItem {
	return media.TrashItem{
		Key: row.Key, State: media.TrashState(row.State), DueAt: row.DueAt.Time(),
		Attempts: row.Attempts, GrantUntil: row.GrantUntil.Time(),
	}
}

// trash implements media.Trash. Each transition is one statement whose
// WHERE clause checks the state it starts from, so racing transitions of
// one key are serialized by the row's lock and exactly one applies.
type trash struct {
	db bun.IDB
}

var _ media.Trash = (*trash)(nil)

// Add upserts every key in one statement. A key already in the trash takes
// the new due time but keeps its attempts and grant: it is the same object,
// and the failures so far still tell how hard it is to delete.
func (r *trash) Add(ctx context.Context, due time.Time, keys ...string) error {
	keys = trashKeys(keys)
	if len(keys) == 0 {
		return nil
	}
	rows := make([]trashRow, len(keys))
	for i, k := range keys {
		rows[i] = trashRow{Key: k, State: string(media.TrashDelete), DueAt: msTime(due)}
	}
	_, err := r.db.NewInsert().Model(&rows).
		On("CONFLICT (key) DO UPDATE").
		Set("due_at = EXCLUDED.due_at").
		Set("state = EXCLUDED.state").
		Exec(ctx)
	if err != nil {
		return internal(err, "add to trash")
	}
	return nil
}

// Cancel turns the keys back to claimed, due at due.
func (r *trash) Cancel(ctx context.Context, due time.Time, keys ...string) error {
	keys = trashKeys(keys)
	if len(keys) == 0 {
		return nil
	}
	_, err := r.db.NewUpdate().Model((*trashRow)(nil)).
		Set("state = ?", string(media.TrashClaimed)).
		Set("due_at = ?", msTime(due)).
		Set("attempts = 0").
		Where("key IN (?)", bun.List(keys)).
		Exec(ctx)
	if err != nil {
		return internal(err, "cancel trash")
	}
	return nil
}

// Reserve upserts the key as pending.
func (r *trash) Reserve(ctx context.Context, key string, due, grantUntil time.Time) error {
	row := trashRow{Key: key, State: string(media.TrashPending), DueAt: msTime(due), GrantUntil: msTime(grantUntil)}
	_, err := r.db.NewInsert().Model(&row).
		On("CONFLICT (key) DO UPDATE").
		Set("state = EXCLUDED.state").
		Set("due_at = EXCLUDED.due_at").
		Set("grant_until = EXCLUDED.grant_until").
		Exec(ctx)
	if err != nil {
		return internal(err, "reserve in trash")
	}
	return nil
}

// Pending reports whether the key is reserved.
func (r *trash) Pending(ctx context.Context, key string) (bool, error) {
	ok, err := r.db.NewSelect().Model((*trashRow)(nil)).
		Where("key = ?", key).
		Where("state = ?", string(media.TrashPending)).
		Exists(ctx)
	if err != nil {
		return false, internal(err, "pending in trash")
	}
	return ok, nil
}

// errUnclaimable rolls back a claim that found a key not pending.
var errUnclaimable = errors.New("sqlstore: key not pending")

// Claim takes pending keys in one transaction, one statement per key whose
// state check makes exactly one of racing claims match; a key that does
// not match rolls the whole claim back. A key stays due at confirm, or
// when its grant lapses if that is later.
func (r *trash) Claim(ctx context.Context, confirm time.Time, keys ...string) (bool, error) {
	keys = trashKeys(keys)
	if len(keys) == 0 {
		return false, nil
	}
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, key := range keys {
			res, err := tx.NewUpdate().Model((*trashRow)(nil)).
				Set("state = ?", string(media.TrashClaimed)).
				Set("due_at = CASE WHEN grant_until > ? THEN grant_until ELSE ? END", msTime(confirm), msTime(confirm)).
				Where("key = ?", key).
				Where("state = ?", string(media.TrashPending)).
				Exec(ctx)
			if err != nil {
				return internal(err, "claim from trash")
			}
			n, err := affected(res, "claim from trash")
			if err != nil {
				return err
			}
			if n == 0 {
				return errUnclaimable
			}
		}
		return nil
	})
	if errors.Is(err, errUnclaimable) {
		return false, nil
	}
	return err == nil, err
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
		out[i] = row.item()
	}
	return out, nil
}

// Expire turns a pending key into one to delete.
func (r *trash) Expire(ctx context.Context, key string) (bool, error) {
	return r.turn(ctx, key, media.TrashPending, time.Time{}, media.TrashDelete)
}

// Doom turns a claimed key no row took into one to delete.
func (r *trash) Doom(ctx context.Context, key string, dueAt time.Time) (bool, error) {
	return r.turn(ctx, key, media.TrashClaimed, dueAt, media.TrashDelete)
}

// turn moves key from state from (and due at dueAt, unless zero) to state
// to in one conditional update, and reports whether it did.
func (r *trash) turn(ctx context.Context, key string, from media.TrashState, dueAt time.Time, to media.TrashState) (bool, error) {
	q := r.db.NewUpdate().Model((*trashRow)(nil)).
		Set("state = ?", string(to)).
		Where("key = ?", key).
		Where("state = ?", string(from))
	if !dueAt.IsZero() {
		q = q.Where("due_at = ?", msTime(dueAt))
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return false, internal(err, "change trash state")
	}
	n, err := affected(res, "change trash state")
	return n > 0, err
}

// Deleted keeps a deleted key due when its grant lapses, or removes it;
// only keys still to delete are touched.
func (r *trash) Deleted(ctx context.Context, key string, now time.Time) error {
	return r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewUpdate().Model((*trashRow)(nil)).
			Set("due_at = grant_until").
			Set("attempts = 0").
			Where("key = ?", key).
			Where("state = ?", string(media.TrashDelete)).
			Where("grant_until > ?", msTime(now)).
			Exec(ctx)
		if err != nil {
			return internal(err, "deleted from trash")
		}
		_, err = tx.NewDelete().Model((*trashRow)(nil)).
			Where("key = ?", key).
			Where("state = ?", string(media.TrashDelete)).
			Where("grant_until IS NULL OR grant_until <= ?", msTime(now)).
			Exec(ctx)
		if err != nil {
			return internal(err, "deleted from trash")
		}
		return nil
	})
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

// Release removes key if it is still in state and due at dueAt.
func (r *trash) Release(ctx context.Context, key string, state media.TrashState, dueAt time.Time) (bool, error) {
	res, err := r.db.NewDelete().Model((*trashRow)(nil)).
		Where("key = ?", key).
		Where("state = ?", string(state)).
		Where("due_at = ?", msTime(dueAt)).
		Exec(ctx)
	if err != nil {
		return false, internal(err, "release from trash")
	}
	n, err := affected(res, "release from trash")
	return n > 0, err
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
