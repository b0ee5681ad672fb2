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

// Search matches the verified accounts' search_text as containsClause
// does, narrowed by the search index, ordered by username (unique, and
// byte-wise in both databases: COLLATE "C" in PostgreSQL, BINARY in
// SQLite), in one prepared statement: its text depends only on whether
// the index narrows the needle.
func (r *users) Search(ctx context.Context, needle string, w list.Window) ([]*user.User, error) {
	if !text.Storable(needle) || strings.Contains(needle, "\n") {
		// Nothing stored holds NUL or invalid UTF-8, and no name or
		// username holds a line feed: the only match would span the two.
		return []*user.User{}, nil
	}
	w = w.Normal()
	clause, args := containsClause(!r.st.postgres, usersSearch, "u.id", "u.search_text", needle)
	q := usersSelect + " WHERE u.verified = TRUE AND " + clause + " ORDER BY u.username ASC LIMIT ? OFFSET ?"
	rows := make([]userRow, 0, w.Limit)
	if err := r.st.scan(ctx, &rows, q, append(args, w.Limit, w.Offset())...); err != nil {
		return nil, internal(err, "search users")
	}
	out := make([]*user.User, len(rows))
	for i := range rows {
		out[i] = rows[i].user()
	}
	return out, nil
}
