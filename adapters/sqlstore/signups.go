package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/user"
)

// signups implements user.Signups: the account, its code and the release of
// a stale account in one transaction.
type signups struct {
	db bun.IDB
}

var _ user.Signups = (*signups)(nil)

// Save writes the sign-up. Each step states in its WHERE what it relies
// on (an account still unverified, a released account without a live
// code), so a sign-up racing a verification or a resend fails cleanly
// rather than overwriting it.
func (r *signups) Save(ctx context.Context, s user.Signup) error {
	return r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if !s.Release.IsZero() {
			res, err := tx.NewDelete().Model((*userRow)(nil)).
				Where("id = ?", s.Release.String()).
				Where("verified = ?", false).
				Where("NOT EXISTS (SELECT 1 FROM user_codes AS c WHERE c.user_id = u.id AND c.purpose = ? AND c.expires_at > ?)",
					string(user.PurposeVerify), msTime(s.Now)).
				Exec(ctx)
			if err != nil {
				return internal(err, "release stale sign-up")
			}
			if n, err := affected(res, "release stale sign-up"); err != nil {
				return err
			} else if n == 0 {
				// Gone already is fine, unless it is back in use.
				exists, err := tx.NewSelect().Model((*userRow)(nil)).Where("id = ?", s.Release.String()).Exists(ctx)
				if err != nil {
					return internal(err, "release stale sign-up")
				}
				if exists {
					return user.ErrUsernameTaken
				}
			}
		}
		if s.Replace {
			res, err := tx.NewUpdate().Model(toUserRow(s.User)).
				Column("username", "email", "name", "profile_image", "password_hash", "search_text", "updated_at").
				WherePK().
				Where("verified = ?", false).
				Exec(ctx)
			if err != nil {
				return mapUserWrite(err, "replace sign-up")
			}
			if err := mustAffect(res, user.ErrEmailTaken, "replace sign-up"); err != nil {
				return err
			}
		} else if err := (&users{db: tx}).Create(ctx, s.User); err != nil {
			return err
		}
		return (&codes{db: tx}).Put(ctx, s.Code)
	})
}
