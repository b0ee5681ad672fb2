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
)

// figures implements app.FigureReader: the authors and like figures of a
// page of items in one prepared statement.
type figures struct {
	st *statements
}

var _ app.FigureReader = figures{}

// figuresRow is one item's figures; i is the item's place in the list.
type figuresRow struct {
	I     int64   `bun:"i"`
	Owner userRow `bun:"embed:u_"`
	Likes int64   `bun:"likes"`
	Liked bool    `bun:"liked"`
}

// figuresQueries are the statements of each kind of item, for SQLite and
// for PostgreSQL. The items come as one list: a JSON array of [item,
// author] pairs in SQLite, two arrays of the same length in PostgreSQL.
// Each figure is a subquery on its own index (the like table by target,
// its primary key), as in a video's page; an author that is gone leaves
// its columns NULL.
var figuresQueries = func() map[like.Kind][2]string {
	out := map[like.Kind][2]string{}
	for _, k := range []like.Kind{like.OnVideo, like.OnComment, like.OnPost} {
		t, err := likeTableOf(k, "like figures")
		if err != nil {
			panic(err)
		}
		text := func(from string) string {
			return "SELECT i, " + columnsOf((*userRow)(nil), "u", "u_") + ", " +
				fmt.Sprintf("(SELECT count(*) FROM %s AS l WHERE l.%s = t.item) AS likes, ", t.table, t.target) +
				fmt.Sprintf("EXISTS (SELECT 1 FROM %s AS l WHERE l.%s = t.item AND l.user_id = ?) AS liked ", t.table, t.target) +
				from
		}
		out[k] = [2]string{
			text("FROM (SELECT key AS i, value ->> 0 AS item, value ->> 1 AS author FROM json_each(?)) AS t " +
				"LEFT JOIN users AS u ON u.id = t.author"),
			text("FROM unnest(?::char(24)[], ?::char(24)[]) WITH ORDINALITY AS t(item, author, i) " +
				"LEFT JOIN users AS u ON u.id = t.author"),
		}
	}
	return out
}()

// Figures is one prepared statement whatever the number of items.
func (f figures) Figures(ctx context.Context, viewer id.ID, k like.Kind, items []app.Item) ([]app.Figures, error) {
	texts, ok := figuresQueries[k]
	if !ok {
		return nil, errs.New(errs.Internal, "sqlstore: like figures: unknown like kind "+k.String())
	}
	if len(items) > list.MaxIDs {
		return nil, errs.New(errs.Internal, fmt.Sprintf("sqlstore: like figures: %d items, at most %d", len(items), list.MaxIDs))
	}
	out := make([]app.Figures, len(items))
	if len(items) == 0 {
		return out, nil
	}
	var (
		rows []figuresRow
		err  error
	)
	if f.st.postgres {
		ids, authors := make([]string, len(items)), make([]string, len(items))
		for i, it := range items {
			ids[i], authors[i] = it.ID.String(), it.Owner.String()
		}
		err = f.st.scan(ctx, &rows, texts[1], viewer.String(), ids, authors)
	} else {
		pairs := make([][2]string, len(items))
		for i, it := range items {
			pairs[i] = [2]string{it.ID.String(), it.Owner.String()}
		}
		b, _ := json.Marshal(pairs) // strings always marshal
		err = f.st.scan(ctx, &rows, texts[0], viewer.String(), string(b))
	}
	if err != nil {
		return nil, internal(err, "like figures")
	}
	for _, r := range rows {
		// SQLite counts from 0, PostgreSQL's ordinality from 1.
		i := int(r.I)
		if f.st.postgres {
			i--
		}
		if i < 0 || i >= len(out) {
			return nil, errs.New(errs.Internal, fmt.Sprintf("sqlstore: like figures: item %d of %d", i, len(out)))
		}
		out[i] = app.Figures{Likes: r.Likes, Liked: r.Liked}
		if r.Owner.ID != "" {
			out[i].Owner = r.Owner.user()
		}
	}
	return out, nil
}
