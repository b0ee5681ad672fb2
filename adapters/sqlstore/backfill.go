package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/user"
)

// backfillBatch is how many accounts one step of the backfill rewrites.
const backfillBatch = 500

// backfillUserSearch computes users.search_text, in Go as every write of
// an account does, for the accounts stored before the column existed. They
// hold an empty one, which a computed search text never is (every account
// has a username), so the backfill runs after each migration, finds
// nothing once done, and picks up where it stopped after a crash.
func (d *DB) backfillUserSearch(ctx context.Context) error {
	for {
		var rows []struct {
			ID       string `bun:"id"`
			Name     string `bun:"name"`
			Username string `bun:"username"`
		}
		err := d.bun.NewSelect().Table("users").Column("id", "name", "username").
			Where("search_text = ''").Limit(backfillBatch).Scan(ctx, &rows)
		if err != nil {
			return internal(err, "backfill user search")
		}
		if len(rows) == 0 {
			return nil
		}
		err = d.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for _, r := range rows {
				// Only an account still without one: a write racing the
				// backfill has set it already.
				_, err := tx.NewUpdate().Table("users").
					Set("search_text = ?", userSearchText(r.Name, user.Username(r.Username))).
					Where("id = ?", r.ID).Where("search_text = ''").Exec(ctx)
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return internal(err, "backfill user search")
		}
	}
}
