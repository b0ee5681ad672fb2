package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// figures implements app.FigureReader: the authors and like figures of a
// page of items in one prepared statement.
type figures struct {
	st *statements
}

var _ app.FigureReader = figures{}

// authorColumns are the columns of an author that lists show (see
// app.Figures): the owner's row u, read into a userRow embedded as u_,
// whose other fields stay zero.
var authorColumns = authorColumnsAs("u")

// authorColumnsAs lists the author columns of the users joined as alias,
// read back by a userRow embedded with the tag bun:"embed:alias_".
func authorColumnsAs(alias string) string {
	return columnsOf((*userRow)(nil), alias, alias+"_", authorFields...)
}

// authorFields are the users' columns that authorColumnsAs lists.
var authorFields = []string{"id", "username", "name", "profile_image"}

// figuresRow is one item's figures; i is the item's place in the list,
// counted from 0 in SQLite (json_each's key) and from 1 in PostgreSQL
// (WITH ORDINALITY).
type figuresRow struct {
	I     int64   `bun:"i"`
	Owner userRow `bun:"embed:u_"`
	Likes int64   `bun:"likes"`
	Liked bool    `bun:"liked"`
}

// figuresText is the statement of one kind of item in each dialect.
type figuresText struct{ sqlite, postgres string }

// figuresQueries are the statements of each kind of item. The items come
// as one list: a JSON array of [item, author] pairs in SQLite, two arrays
// of the same length in PostgreSQL. Each figure is a subquery on its own
// key (the item's like count, on its row; the like table's primary key),
// and each author a lookup in the users' key (see ownerJoin and
// figuredTexts); an author that is gone, or not passed, leaves its
// columns NULL, and an item that is gone counts no like.
var figuresQueries = func() map[like.Kind]figuresText {
	out := map[like.Kind]figuresText{}
	for _, k := range []like.Kind{like.OnVideo, like.OnComment, like.OnPost} {
		t, err := likeTableOf(k, "list figures")
		if err != nil {
			panic(err)
		}
		text := func(from string) string {
			return "SELECT i, " + authorColumns + ", " +
				fmt.Sprintf("coalesce((SELECT x.like_count FROM %s AS x WHERE x.id = t.item), 0) AS likes, ", t.items) +
				fmt.Sprintf("(SELECT count(*) FROM %s AS l WHERE l.user_id = ? AND l.%s = t.item) > 0 AS liked ", t.table, t.target) +
				from
		}
		out[k] = figuresText{
			sqlite: text("FROM (SELECT key AS i, value ->> 0 AS item, value ->> 1 AS author FROM json_each(?)) AS t " +
				ownerJoin(false, "t.author")),
			postgres: text("FROM unnest(?::char(24)[], ?::char(24)[]) WITH ORDINALITY AS t(item, author, i) " +
				ownerJoin(true, "t.author")),
		}
	}
	return out
}()

// Figures is one prepared statement whatever the number of items.
func (f figures) Figures(ctx context.Context, viewer id.ID, k like.Kind, items []app.Item) ([]app.Figures, error) {
	texts, ok := figuresQueries[k]
	if !ok {
		return nil, errs.New(errs.Internal, "sqlstore: list figures: unknown like kind "+k.String())
	}
	if len(items) > list.MaxIDs {
		return nil, errs.New(errs.Internal, fmt.Sprintf("sqlstore: list figures: %d items, at most %d", len(items), list.MaxIDs))
	}
	out := make([]app.Figures, len(items))
	if len(items) == 0 {
		return out, nil
	}
	var (
		rows []figuresRow
		err  error
	)
	// Each author is read once, with the first of their items: the others
	// pass no author, which joins no row.
	ids, authors := make([]string, len(items)), make([]string, len(items))
	first := make(map[id.ID]bool, len(items))
	for i, it := range items {
		ids[i] = it.ID.String()
		if !first[it.Owner] {
			first[it.Owner] = true
			authors[i] = it.Owner.String()
		}
	}
	if f.st.postgres {
		err = f.st.scan(ctx, &rows, texts.postgres, viewer.String(), ids, authors)
	} else {
		pairs := make([][2]string, len(items))
		for i := range items {
			pairs[i] = [2]string{ids[i], authors[i]}
		}
		b, _ := json.Marshal(pairs) // strings always marshal
		err = f.st.scan(ctx, &rows, texts.sqlite, viewer.String(), string(b))
	}
	if err != nil {
		return nil, internal(err, "list figures")
	}
	// One row per item, each in its place: a row missing would read as
	// an item without author or likes.
	if len(rows) != len(items) {
		return nil, errs.New(errs.Internal, fmt.Sprintf("sqlstore: list figures: %d rows for %d items", len(rows), len(items)))
	}
	seen := make([]bool, len(items))
	found := make(map[id.ID]*user.User, len(first))
	for _, r := range rows {
		// SQLite counts from 0, PostgreSQL's ordinality from 1.
		i := int(r.I)
		if f.st.postgres {
			i--
		}
		if i < 0 || i >= len(out) || seen[i] {
			return nil, errs.New(errs.Internal, fmt.Sprintf("sqlstore: list figures: item %d of %d", i, len(out)))
		}
		seen[i] = true
		out[i] = app.Figures{Likes: r.Likes, Liked: r.Liked}
		if r.Owner.ID != "" {
			found[id.ID(r.Owner.ID)] = r.Owner.user()
		}
	}
	for i, it := range items {
		out[i].Owner = found[it.Owner] // nil for an author that is gone
	}
	return out, nil
}
