package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// codeRow is a row of user_codes.
type codeRow struct {
	bun.BaseModel `bun:"table:user_codes,alias:c"`

	UserID    string `bun:"user_id,pk"`
	Purpose   string `bun:"purpose,pk"`
	Hash      string `bun:"hash"`
	Target    string `bun:"target"`
	ExpiresAt msTime `bun:"expires_at"`
	Attempts  int    `bun:"attempts"`
	ResentAt  msTime `bun:"resent_at"`
}

func toCodeRow(c user.Code) *codeRow {
	return &codeRow{
		UserID: c.UserID.String(), Purpose: string(c.Purpose), Hash: c.Hash, Target: c.Target.String(),
		ExpiresAt: msTime(c.ExpiresAt), Attempts: c.Attempts, ResentAt: msTime(c.ResentAt),
	}
}

func (r *codeRow) code() user.Code {
	return user.Code{
		UserID: id.ID(r.UserID), Purpose: user.Purpose(r.Purpose), Hash: r.Hash, Target: user.Email(r.Target),
		ExpiresAt: r.ExpiresAt.Time(), Attempts: r.Attempts, ResentAt: r.ResentAt.Time(),
	}
}

// codes implements user.Codes.
type codes struct {
	db bun.IDB
}

var _ user.Codes = (*codes)(nil)

// Put upserts, so that replacing a code is one statement and two racing
// Puts leave one whole code rather than a duplicate-key error.
func (r *codes) Put(ctx context.Context, c user.Code) error {
	_, err := r.db.NewInsert().Model(toCodeRow(c)).
		On("CONFLICT (user_id, purpose) DO UPDATE").
		Set("hash = EXCLUDED.hash").
		Set("target = EXCLUDED.target").
		Set("expires_at = EXCLUDED.expires_at").
		Set("attempts = EXCLUDED.attempts").
		Set("resent_at = EXCLUDED.resent_at").
		Exec(ctx)
	if err != nil {
		return internal(err, "put code")
	}
	return nil
}

func (r *codes) Get(ctx context.Context, uid id.ID, p user.Purpose) (user.Code, error) {
	var row codeRow
	err := r.db.NewSelect().Model(&row).
		Where("user_id = ? AND purpose = ?", uid.String(), string(p)).
		Scan(ctx)
	if err != nil {
		return user.Code{}, mapNoRows(err, user.ErrCodeNotFound, "get code")
	}
	return row.code(), nil
}

// Attempt increments and reads back in one statement: the database
// serializes the updates, so racing checks each see a distinct count.
func (r *codes) Attempt(ctx context.Context, uid id.ID, p user.Purpose) (user.Code, error) {
	var row codeRow
	err := r.db.NewRaw(
		"UPDATE user_codes SET attempts = attempts + 1 WHERE user_id = ? AND purpose = ? "+
			"RETURNING user_id, purpose, hash, target, expires_at, attempts, resent_at",
		uid.String(), string(p),
	).Scan(ctx, &row)
	if err != nil {
		return user.Code{}, mapNoRows(err, user.ErrCodeNotFound, "attempt code")
	}
	return row.code(), nil
}

func (r *codes) Delete(ctx context.Context, uid id.ID, p user.Purpose) error {
	_, err := r.db.NewDelete().Model((*codeRow)(nil)).
		Where("user_id = ? AND purpose = ?", uid.String(), string(p)).
		Exec(ctx)
	if err != nil {
		return internal(err, "delete code")
	}
	return nil
}
