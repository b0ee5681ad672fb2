package sqlstore

import (
	"context"
	"strings"

	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/user"
)

// userSearchText is what Search matches: the name and the username lowered
// in Go, for the reason given on searchText. Neither holds a line feed, so
// the one between them keeps a match within one of the two.
func userSearchText(name string, username user.Username) string {
	return strings.ToLower(name + "\n" + username.String())
}

// Search matches the verified accounts' search_text with a LIKE pattern Go
// lowered and escaped, narrowed by the search index (see whereContains),
// ordered by username (unique, and byte-wise in both databases: COLLATE
// "C" in PostgreSQL, BINARY in SQLite), one statement.
func (r *users) Search(ctx context.Context, needle string, w list.Window) ([]*user.User, error) {
	if !text.Storable(needle) || strings.Contains(needle, "\n") {
		// Nothing stored holds NUL or invalid UTF-8, and no name or
		// username holds a line feed: the only match would span the two.
		return []*user.User{}, nil
	}
	w = w.Normal()
	var rows []userRow
	sel := r.db.NewSelect().Model(&rows).Where("verified = ?", true)
	err := whereContains(sel, usersSearch, "id", "search_text", needle).
		OrderExpr("username ASC").
		Limit(int64(w.Limit)).Offset(int64(w.Offset())).
		Scan(ctx)
	if err != nil {
		return nil, internal(err, "search users")
	}
	out := make([]*user.User, len(rows))
	for i := range rows {
		out[i] = rows[i].user()
	}
	return out, nil
}
