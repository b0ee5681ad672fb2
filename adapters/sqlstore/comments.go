package sqlstore

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// commentRow is a row of comments: exactly one of VideoID and PostID is
// set, as a CHECK constraint holds.
type commentRow struct {
	bun.BaseModel `bun:"table:comments,alias:c"`

	ID        string         `bun:"id,pk"`
	OwnerID   string         `bun:"owner_id"`
	VideoID   sql.NullString `bun:"video_id"`
	PostID    sql.NullString `bun:"post_id"`
	Content   string         `bun:"content"`
	CreatedAt msTime         `bun:"created_at"`
	UpdatedAt msTime         `bun:"updated_at"`
	// LikeCount is kept by the database (migration like_counts): read,
	// never written.
	LikeCount int64 `bun:"like_count,scanonly"`
}

func toCommentRow(c *comment.Comment) *commentRow {
	s := c.Stored()
	row := &commentRow{
		ID: s.ID.String(), OwnerID: s.Owner.String(), Content: s.Content,
		CreatedAt: msTime(s.CreatedAt), UpdatedAt: msTime(s.UpdatedAt),
	}
	parent := sql.NullString{String: s.Parent.ID.String(), Valid: true}
	if s.Parent.Kind == comment.OnPost {
		row.PostID = parent
	} else {
		row.VideoID = parent
	}
	return row
}

func (r *commentRow) comment() *comment.Comment {
	parent := comment.Parent{Kind: comment.OnVideo, ID: id.ID(r.VideoID.String)}
	if r.PostID.Valid {
		parent = comment.Parent{Kind: comment.OnPost, ID: id.ID(r.PostID.String)}
	}
	return comment.FromStored(comment.Stored{
		ID: id.ID(r.ID), Owner: id.ID(r.OwnerID), Parent: parent, Content: r.Content,
		CreatedAt: r.CreatedAt.Time(), UpdatedAt: r.UpdatedAt.Time(),
	})
}

// parentColumn is the column of a parent kind; only these constants reach
// the SQL.
func parentColumn(k comment.ParentKind, op string) (string, error) {
	switch k {
	case comment.OnVideo:
		return "video_id", nil
	case comment.OnPost:
		return "post_id", nil
	}
	return "", errs.New(errs.Internal, "sqlstore: "+op+": unknown comment parent kind")
}

// comments implements comment.Repository.
type comments struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
}

var _ comment.Repository = (*comments)(nil)

// Create relies on the parent's foreign key, which also refuses a parent
// deleted meanwhile.
func (r *comments) Create(ctx context.Context, c *comment.Comment) error {
	if _, err := parentColumn(c.Parent().Kind, "create comment"); err != nil {
		return err
	}
	_, err := r.db.NewInsert().Model(toCommentRow(c)).Exec(ctx)
	switch {
	case foreignKeyViolation(err):
		// The owner is the caller: the parent is gone.
		return comment.ErrParentGone.WithCause(err)
	case err != nil:
		return internal(err, "create comment")
	}
	return nil
}

// commentByIDQuery reads one whole comment row by its key.
var commentByIDQuery = "SELECT " + columnsOf((*commentRow)(nil), "c", "") + " FROM comments AS c WHERE c.id = ?"

// ByID is one prepared statement: a like of a comment checks it.
func (r *comments) ByID(ctx context.Context, cid id.ID) (*comment.Comment, error) {
	var row commentRow
	if err := r.st.scanOne(ctx, &row, commentByIDQuery, cid.String()); err != nil {
		return nil, mapNoRows(err, comment.ErrNotFound, "comment by id")
	}
	return row.comment(), nil
}

// Update reads the comment locked for update (see users.Update), applies
// change and writes the content and updated time only, in one transaction.
func (r *comments) Update(ctx context.Context, cid id.ID, change func(*comment.Comment) error) (*comment.Comment, error) {
	var out *comment.Comment
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var row commentRow
		if err := forUpdate(tx.NewSelect().Model(&row).Where("id = ?", cid.String())).Scan(ctx); err != nil {
			return mapNoRows(err, comment.ErrNotFound, "comment for update")
		}
		c := row.comment()
		if err := change(c); err != nil {
			return err
		}
		// Only these fields are written: the result is the locked row
		// with them, whatever else change set.
		written := toCommentRow(c)
		row.Content, row.UpdatedAt = written.Content, written.UpdatedAt.stored()
		_, err := tx.NewUpdate().Model(&row).Column("content", "updated_at").WherePK().Exec(ctx)
		if err != nil {
			return internal(err, "update comment")
		}
		out = row.comment()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete is one statement: the foreign key of comment_likes cascades, so
// the comment's likes go with it, and a like written meanwhile either
// commits first and is removed too or finds the comment gone.
func (r *comments) Delete(ctx context.Context, cid id.ID) error {
	res, err := r.db.NewDelete().Model((*commentRow)(nil)).Where("id = ?", cid.String()).Exec(ctx)
	if err != nil {
		return internal(err, "delete comment")
	}
	return mustAffect(res, comment.ErrNotFound, "delete comment")
}

// List reads the parent's index on (parent, created_at, id), newest first.
func (r *comments) List(ctx context.Context, q comment.Query) (list.Page[*comment.Comment], error) {
	s, err := commentsSpec(q)
	if err != nil {
		return list.Page[*comment.Comment]{}, err
	}
	rows, more, total, err := readPage[counted[commentRow]](ctx, r.st, q.Window, s)
	if err != nil {
		return list.Page[*comment.Comment]{}, err
	}
	page := list.Page[*comment.Comment]{Items: make([]*comment.Comment, len(rows)), Total: total, More: more}
	for i := range rows {
		page.Items[i] = rows[i].Row.comment()
	}
	return page, nil
}

// commentsSpec is the list of comments q selects.
func commentsSpec(q comment.Query) (pageSpec, error) {
	col, err := parentColumn(q.Parent.Kind, "list comments")
	if err != nil {
		return pageSpec{}, err
	}
	return pageSpec{
		op: "list comments", from: "comments AS c", columns: commentColumns,
		where: []string{"c." + col + " = ?"}, args: []any{q.Parent.ID.String()},
		order: timeOrder{at: "c.created_at", id: "c.id", desc: true},
		total: &listTotal{list: commentsList(q.Parent.Kind), subject: q.Parent.ID.String()},
	}, nil
}

// commentsList names the list_counts list of the comments under a parent
// of kind k.
func commentsList(k comment.ParentKind) string {
	if k == comment.OnPost {
		return "post_comments"
	}
	return "video_comments"
}

// After reads the parent's index on (parent, created_at, id) backwards
// from its end to the position, and turns the few rows it takes around.
func (r *comments) After(ctx context.Context, p comment.Parent, after list.Position, limit int) ([]*comment.Comment, error) {
	col, err := parentColumn(p.Kind, "comments after")
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		return []*comment.Comment{}, nil
	}
	var rows []commentRow
	err = r.db.NewSelect().Model(&rows).
		Where(col+" = ?", p.ID.String()).
		Where("(created_at, id) > (?, ?)", msTime(after.At), after.ID.String()).
		OrderExpr("created_at DESC, id DESC").Limit(int64(min(limit, list.MaxIDs))).
		Scan(ctx)
	if err != nil {
		return nil, internal(err, "comments after")
	}
	out := make([]*comment.Comment, len(rows))
	for i := range rows {
		out[len(rows)-1-i] = rows[i].comment()
	}
	return out, nil
}

// IDsUnder reads the parent's index; which comments come first does not
// matter, as the caller deletes them all batch by batch.
func (r *comments) IDsUnder(ctx context.Context, p comment.Parent, limit int) ([]id.ID, error) {
	col, err := parentColumn(p.Kind, "comments under")
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		return []id.ID{}, nil
	}
	var found []string
	err = r.db.NewSelect().Model((*commentRow)(nil)).Column("id").
		Where(col+" = ?", p.ID.String()).
		Limit(int64(min(limit, list.MaxIDs))).
		Scan(ctx, &found)
	if err != nil {
		return nil, internal(err, "comments under")
	}
	out := make([]id.ID, len(found))
	for i, key := range found {
		out[i] = id.ID(key)
	}
	return out, nil
}

// DeleteIDs is one statement, like Delete: the comments go with their
// likes, all together.
func (r *comments) DeleteIDs(ctx context.Context, ids []id.ID) (int, error) {
	keys, err := idKeys(ids, "delete comments")
	if err != nil || len(keys) == 0 {
		return 0, err
	}
	res, err := r.db.NewDelete().Model((*commentRow)(nil)).Where("id IN (?)", bun.List(keys)).Exec(ctx)
	if err != nil {
		return 0, internal(err, "delete comments")
	}
	return affected(res, "delete comments")
}
