package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// sessionRow is a row of sessions.
type sessionRow struct {
	bun.BaseModel `bun:"table:sessions,alias:s"`

	ID          string `bun:"id,pk"`
	UserID      string `bun:"user_id"`
	CurrentHash string `bun:"current_hash"`
	// RotatedHashes holds session.Stored.Rotated, oldest first, separated
	// by spaces: the list is short and always read and written whole.
	RotatedHashes string `bun:"rotated_hashes"`
	RotatedAt     msTime `bun:"rotated_at"`
	CreatedAt     msTime `bun:"created_at"`
	LastUsedAt    msTime `bun:"last_used_at"`
	ExpiresAt     msTime `bun:"expires_at"`
	RevokedAt     msTime `bun:"revoked_at"`
	UserAgent     string `bun:"user_agent"`
	Version       int64  `bun:"version"`
}

func toSessionRow(s *session.Session) *sessionRow {
	st := s.Stored()
	return &sessionRow{
		ID: st.ID.String(), UserID: st.UserID.String(),
		CurrentHash: st.Current, RotatedHashes: strings.Join(st.Rotated, " "),
		RotatedAt: msTime(st.RotatedAt), CreatedAt: msTime(st.CreatedAt), LastUsedAt: msTime(st.LastUsedAt),
		ExpiresAt: msTime(st.ExpiresAt), RevokedAt: msTime(st.RevokedAt), UserAgent: st.UserAgent, Version: st.Version,
	}
}

func (r *sessionRow) session() *session.Session {
	return session.FromStored(session.Stored{
		ID: id.ID(r.ID), UserID: id.ID(r.UserID),
		// Fields tolerates any spacing; session.FromStored drops entries
		// past its bound, so a damaged column cannot grow the session.
		Current: r.CurrentHash, Rotated: strings.Fields(r.RotatedHashes),
		RotatedAt: r.RotatedAt.Time(), CreatedAt: r.CreatedAt.Time(), LastUsedAt: r.LastUsedAt.Time(),
		ExpiresAt: r.ExpiresAt.Time(), RevokedAt: r.RevokedAt.Time(), UserAgent: r.UserAgent, Version: r.Version,
	})
}

// sessions implements session.Repository.
type sessions struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
}

var (
	_ session.Repository = (*sessions)(nil)
	_ app.SessionHolders = (*sessions)(nil)
)

// Create inserts s as it is, version included.
func (r *sessions) Create(ctx context.Context, s *session.Session) error {
	if _, err := r.db.NewInsert().Model(toSessionRow(s)).Exec(ctx); err != nil {
		return internal(err, "create session")
	}
	return nil
}

func (r *sessions) ByID(ctx context.Context, sid id.ID) (*session.Session, error) {
	var row sessionRow
	if err := r.db.NewSelect().Model(&row).Where("id = ?", sid.String()).Scan(ctx); err != nil {
		return nil, mapNoRows(err, session.ErrNotFound, "session by id")
	}
	return row.session(), nil
}

// Update is a compare-and-set on the version: the WHERE clause makes the
// check and the write one atomic statement. The owner and creation time
// never change.
func (r *sessions) Update(ctx context.Context, s *session.Session) error {
	row := toSessionRow(s)
	res, err := r.db.NewUpdate().Model(row).
		Column("current_hash", "rotated_hashes", "rotated_at",
			"last_used_at", "expires_at", "revoked_at", "user_agent").
		Set("version = version + 1").
		Where("id = ? AND version = ?", row.ID, row.Version).
		Exec(ctx)
	if err != nil {
		return internal(err, "update session")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return internal(err, "update session")
	}
	if n == 0 {
		// Nothing matched: tell a lost race from a deleted session.
		exists, err := r.db.NewSelect().Model((*sessionRow)(nil)).Where("id = ?", row.ID).Exists(ctx)
		switch {
		case err != nil:
			return internal(err, "update session")
		case exists:
			return session.ErrStale
		default:
			return session.ErrNotFound
		}
	}
	s.MarkSaved()
	return nil
}

// ListActive returns the user's active sessions, newest first; the id breaks
// ties so that pages are stable.
func (r *sessions) ListActive(ctx context.Context, uid id.ID, now time.Time, limit int) ([]*session.Session, error) {
	if limit <= 0 {
		// bun reads Limit(0) as "no limit"; the port reads it as none.
		return []*session.Session{}, nil
	}
	var rows []sessionRow
	err := r.db.NewSelect().Model(&rows).
		Where("user_id = ?", uid.String()).
		Where("revoked_at IS NULL").
		Where("expires_at > ?", msTime(now)).
		OrderExpr("created_at DESC, id DESC").
		Limit(int64(limit)).
		Scan(ctx)
	if err != nil {
		return nil, internal(err, "list sessions")
	}
	out := make([]*session.Session, len(rows))
	for i := range rows {
		out[i] = rows[i].session()
	}
	return out, nil
}

// Revoke ends one active session. Like every write it advances the version,
// so that a refresh that read the session earlier cannot write it back alive.
func (r *sessions) Revoke(ctx context.Context, uid, sid id.ID, at time.Time) error {
	res, err := r.revoke(at).
		Where("id = ?", sid.String()).
		Where("user_id = ?", uid.String()).
		Exec(ctx)
	if err != nil {
		return internal(err, "revoke session")
	}
	return mustAffect(res, session.ErrNotFound, "revoke session")
}

// RevokeAll ends every active session of the user but keep.
func (r *sessions) RevokeAll(ctx context.Context, uid, keep id.ID, at time.Time) (int, error) {
	res, err := r.revoke(at).
		Where("user_id = ?", uid.String()).
		Where("id <> ?", keep.String()).
		Exec(ctx)
	if err != nil {
		return 0, internal(err, "revoke sessions")
	}
	return affected(res, "revoke sessions")
}

// revoke starts an UPDATE that ends the sessions active at at.
func (r *sessions) revoke(at time.Time) *bun.UpdateQuery {
	return r.db.NewUpdate().Model((*sessionRow)(nil)).
		Set("revoked_at = ?", msTime(at)).
		Set("version = version + 1").
		Where("revoked_at IS NULL").
		Where("expires_at > ?", msTime(at))
}

// DeleteEnded removes sessions that expired or were revoked before before.
func (r *sessions) DeleteEnded(ctx context.Context, before time.Time) (int, error) {
	res, err := r.db.NewDelete().Model((*sessionRow)(nil)).
		Where("expires_at < ? OR revoked_at < ?", msTime(before), msTime(before)).
		Exec(ctx)
	if err != nil {
		return 0, internal(err, "delete sessions")
	}
	return affected(res, "delete sessions")
}

func affected(res sql.Result, op string) (int, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return 0, internal(err, op)
	}
	return int(n), nil
}

// holderRow is a session joined with its user.
type holderRow struct {
	Session sessionRow `bun:"embed:s_"`
	User    userRow    `bun:"embed:u_"`
}

// holderQuery reads a session and its user by the session's id.
var holderQuery = "SELECT " + columnsOf((*sessionRow)(nil), "s", "s_") + ", " + columnsOf((*userRow)(nil), "u", "u_") +
	" FROM sessions AS s JOIN users AS u ON u.id = s.user_id WHERE s.id = ?"

// SessionHolder reads the session and its user in one prepared statement:
// every authenticated request runs it.
func (r *sessions) SessionHolder(ctx context.Context, sid id.ID) (*session.Session, *user.User, error) {
	var row holderRow
	if err := r.st.scanOne(ctx, &row, holderQuery, sid.String()); err != nil {
		return nil, nil, mapNoRows(err, session.ErrNotFound, "session holder")
	}
	return row.Session.session(), row.User.user(), nil
}
