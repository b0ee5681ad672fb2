package sqlstore

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

var _ app.VideoPages = (*videos)(nil)

// figuredVideoRow is a row of a page with its owner (NULL columns when
// the account is gone) and like figures.
type figuredVideoRow struct {
	countedVideoRow

	Owner userRow `bun:"embed:u_"`
	Likes int64   `bun:"likes"`
	Liked bool    `bun:"liked"`
}

// ListFigured reads the page List reads and its figures in one prepared
// statement, or two for a page of a feed or a search that its window does
// not answer (see readList).
func (r *videos) ListFigured(ctx context.Context, q video.Query, viewer id.ID) (video.Page, []app.Figures, error) {
	return r.readList(ctx, q, &viewer)
}

// readList reads the page q selects in one prepared statement: the page's
// own (pageOfVideos), and, given a viewer, that statement unchanged as a
// subquery, so that it keeps its plan, whose few rows are joined to their
// owners and like figures as the viewer sees them, then put back in the
// page's order. Without a viewer it returns no figures. A page with a
// window (see pageStatement) reads the window first, and runs its own
// statement second only when the window's rows are not the page, or, for
// a search, when no count of the needle is kept at the mark the window
// read (searchCounts); that statement's count is then kept.
func (r *videos) readList(ctx context.Context, q video.Query, viewer *id.ID) (video.Page, []app.Figures, error) {
	q.Limit = clampLimit(q.Limit)
	col, err := sortColumn(q.Sort)
	if err != nil {
		return video.Page{}, nil, err
	}
	if !text.Storable(q.Search) {
		// No stored text holds NUL or invalid UTF-8: nothing matches.
		return video.Page{Items: []*video.Video{}}, nil, nil
	}
	st := r.pageOfVideos(q, col)
	var (
		rows     []figuredVideoRow
		carried  int64
		answered bool
	)
	if w := st.window; w != nil {
		if rows, err = r.scanPage(ctx, *w, q.Limit, col, viewer); err != nil {
			return video.Page{}, nil, internal(err, "list videos")
		}
		answered = windowAnswered(rows, q)
		if answered && st.counted != "" {
			// A search's window tells no total: the kept count does,
			// while the public videos' mark is the one it was made at.
			carried, answered = r.counts.at(st.counted, rows[0].SearchMark)
		} else if answered {
			carried = rows[0].ListTotal
		}
	}
	if !answered {
		if rows, err = r.scanPage(ctx, st, q.Limit, col, viewer); err != nil {
			return video.Page{}, nil, internal(err, "list videos")
		}
		if len(rows) > 0 {
			carried = rows[0].ListTotal
			if st.counted != "" {
				r.counts.put(st.counted, searchCount{mark: rows[0].SearchMark, matches: carried, published: rows[0].SearchPublished})
			}
		}
	}
	page, known := pageOf(len(rows), func(i int) *video.Video { return rows[i].video() }, q, st.offset)
	if err := r.finishTotal(ctx, &page, known, carried, q, st); err != nil {
		return video.Page{}, nil, err
	}
	if viewer == nil {
		return page, nil, nil
	}
	figs := make([]app.Figures, len(page.Items))
	owners := make(ownerCache, len(figs))
	for i := range figs {
		row := &rows[i]
		figs[i] = app.Figures{Owner: owners.of(&row.Owner), Likes: row.Likes, Liked: row.Liked}
	}
	return page, figs, nil
}

// scanPage runs the statement st of a page of limit videos in the order
// col, with its figures as viewer sees them given a viewer (see
// readList), and returns its rows.
func (r *videos) scanPage(ctx context.Context, st pageStatement, limit int, col string, viewer *id.ID) ([]figuredVideoRow, error) {
	query, args := st.text, st.args
	if viewer != nil {
		query, args = figuredStatement(r.st.postgres, like.OnVideo, *viewer, st.text, st.args,
			"p."+col+" "+st.order+", p.id "+st.order)
	}
	// Without figures (List) the owner and figure columns are not read
	// and stay zero. The rows are as many as the page's, and one (see
	// pageRows).
	rows := pageRows[figuredVideoRow](limit)
	err := r.st.scan(ctx, &rows, query, args...)
	return rows, err
}

// ownerCache makes the owners of a page's rows from the owner columns
// each row carries (authorColumns), each owner once. Made with room for
// every row's owner, it never grows: growing a map past its first eight
// entries rebuilt it, a per cent of a list's CPU.
type ownerCache map[string]*user.User

// of is the owner of row's columns: nil for an account that is gone (NULL
// columns, read as empty).
func (c ownerCache) of(row *userRow) *user.User {
	if row.ID == "" {
		return nil
	}
	if c[row.ID] == nil {
		c[row.ID] = row.user()
	}
	return c[row.ID]
}

// ownerJoin joins the owner of each row of a page, as u, by the column
// that names it. PostgreSQL runs one generic plan of a prepared statement
// for every page size (see planCacheMode), and a plain join then hashes the whole
// users table for the page's few rows; so the owner is a lateral subquery
// that its LIMIT keeps from being planned as a join: one lookup in the
// primary key per row. SQLite looks each row's owner up in the key either
// way. Reading a page's owners once, by all of its ids, measured dearer
// under load in every list (see figuredStatement; history pages: 206 µs
// of database CPU per page with a lookup per row, 250 to 292 with the
// owners read once).
func ownerJoin(postgres bool, column string) string {
	return userJoin(postgres, "u", column)
}

// userJoin is ownerJoin with the user's alias of the caller's choice.
func userJoin(postgres bool, alias, column string) string {
	if postgres {
		return "LEFT JOIN LATERAL (SELECT * FROM users WHERE users.id = " + column + " LIMIT 1) AS " + alias + " ON TRUE"
	}
	return "LEFT JOIN users AS " + alias + " ON " + alias + ".id = " + column
}
