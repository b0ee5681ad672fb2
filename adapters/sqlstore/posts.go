package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
)

// postRow is a row of posts.
type postRow struct {
	bun.BaseModel `bun:"table:posts,alias:p"`

	ID        string `bun:"id,pk"`
	OwnerID   string `bun:"owner_id"`
	Content   string `bun:"content"`
	CreatedAt msTime `bun:"created_at"`
	UpdatedAt msTime `bun:"updated_at"`
	// LikeCount is kept by the database (migration like_counts): read,
	// never written.
	LikeCount int64 `bun:"like_count,scanonly"`
}

func toPostRow(p *post.Post) *postRow {
	s := p.Stored()
	return &postRow{
		ID: s.ID.String(), OwnerID: s.Owner.String(), Content: s.Content,
		CreatedAt: msTime(s.CreatedAt), UpdatedAt: msTime(s.UpdatedAt),
	}
}

func (r *postRow) post() *post.Post {
	return post.FromStored(post.Stored{
		ID: id.ID(r.ID), Owner: id.ID(r.OwnerID), Content: r.Content,
		CreatedAt: r.CreatedAt.Time(), UpdatedAt: r.UpdatedAt.Time(),
	})
}

// posts implements post.Repository.
type posts struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
}

var _ post.Repository = (*posts)(nil)

func (r *posts) Create(ctx context.Context, p *post.Post) error {
	if _, err := r.db.NewInsert().Model(toPostRow(p)).Exec(ctx); err != nil {
		return internal(err, "create post")
	}
	return nil
}

// postByIDQuery reads one whole post row by its key.
var postByIDQuery = "SELECT " + columnsOf((*postRow)(nil), "p", "") + " FROM posts AS p WHERE p.id = ?"

// ByID is one prepared statement: the comments of a post check it on
// every write and list.
func (r *posts) ByID(ctx context.Context, pid id.ID) (*post.Post, error) {
	var row postRow
	if err := r.st.scanOne(ctx, &row, postByIDQuery, pid.String()); err != nil {
		return nil, mapNoRows(err, post.ErrNotFound, "post by id")
	}
	return row.post(), nil
}

// Update reads the post locked for update (see users.Update), applies
// change and writes the content and updated time only, in one transaction.
func (r *posts) Update(ctx context.Context, pid id.ID, change func(*post.Post) error) (*post.Post, error) {
	var out *post.Post
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var row postRow
		if err := forUpdate(tx.NewSelect().Model(&row).Where("id = ?", pid.String())).Scan(ctx); err != nil {
			return mapNoRows(err, post.ErrNotFound, "post for update")
		}
		p := row.post()
		if err := change(p); err != nil {
			return err
		}
		// Only these fields are written: the result is the locked row
		// with them, whatever else change set.
		written := toPostRow(p)
		row.Content, row.UpdatedAt = written.Content, written.UpdatedAt.stored()
		_, err := tx.NewUpdate().Model(&row).Column("content", "updated_at").WherePK().Exec(ctx)
		if err != nil {
			return internal(err, "update post")
		}
		out = row.post()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete is one statement: the foreign keys of post_likes and comments
// cascade, and comment_likes' in turn, so the post goes with its likes,
// its comments and theirs; a like or comment written meanwhile either
// commits first and is removed too or finds the post gone.
func (r *posts) Delete(ctx context.Context, pid id.ID) error {
	res, err := r.db.NewDelete().Model((*postRow)(nil)).Where("id = ?", pid.String()).Exec(ctx)
	if err != nil {
		return internal(err, "delete post")
	}
	return mustAffect(res, post.ErrNotFound, "delete post")
}

// List reads the index on (created_at, id), or (owner_id, created_at, id)
// for one owner, newest first.
func (r *posts) List(ctx context.Context, q post.Query) (list.Page[*post.Post], error) {
	rows, more, total, err := readPage[counted[postRow]](ctx, r.st, q.Window, postsSpec(q))
	if err != nil {
		return list.Page[*post.Post]{}, err
	}
	page := list.Page[*post.Post]{Items: make([]*post.Post, len(rows)), Total: total, More: more}
	for i := range rows {
		page.Items[i] = rows[i].Row.post()
	}
	return page, nil
}

// postsSpec is the list of posts q selects. The count of everyone's posts
// is the one of owner ”.
func postsSpec(q post.Query) pageSpec {
	spec := pageSpec{
		op: "list posts", from: "posts AS p", columns: postColumns,
		order: timeOrder{at: "p.created_at", id: "p.id", desc: true},
		total: &listTotal{list: "posts", subject: ""},
	}
	if !q.Owner.IsZero() {
		spec.where, spec.args = []string{"p.owner_id = ?"}, []any{q.Owner.String()}
		spec.total.subject = q.Owner.String()
	}
	return spec
}
