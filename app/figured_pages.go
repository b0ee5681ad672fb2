package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
)

// CommentPages reads a page of comments together with its figures, all a
// comment list shows: a store that answers both in one read spares a
// round trip on each page.
type CommentPages interface {
	// CommentsFigured returns the page comment.Repository.List returns
	// for q, the figures of its comments as viewer sees them, in the
	// page's order (as FigureReader.Figures returns them), and the parent
	// as the same read found it.
	CommentsFigured(ctx context.Context, q comment.Query, viewer id.ID) (list.Page[*comment.Comment], []Figures, ParentSeen, error)
}

// ParentSeen is the parent of a page of comments as the read of the page
// found it: its owner, and whether it is published (a post always is).
// Known is false when the read did not tell (an empty page, or a store
// that reads the parent apart): the caller reads the parent itself.
type ParentSeen struct {
	Known     bool
	Owner     id.ID
	Published bool
}

// PostPages is CommentPages for community posts.
type PostPages interface {
	// PostsFigured returns the page post.Repository.List returns for q,
	// and the figures of its posts as viewer sees them, in the page's
	// order.
	PostsFigured(ctx context.Context, q post.Query, viewer id.ID) (list.Page[*post.Post], []Figures, error)
}

// CommentPagesOf reads the page and then its figures, for stores that
// have no single read for both.
func CommentPagesOf(comments comment.Repository, figures FigureReader) CommentPages {
	return composedComments{comments: comments, figures: figures}
}

// PostPagesOf reads the page and then its figures, for stores that have no
// single read for both.
func PostPagesOf(posts post.Repository, figures FigureReader) PostPages {
	return composedPosts{posts: posts, figures: figures}
}

type composedComments struct {
	comments comment.Repository
	figures  FigureReader
}

func (c composedComments) CommentsFigured(ctx context.Context, q comment.Query, viewer id.ID) (list.Page[*comment.Comment], []Figures, ParentSeen, error) {
	page, figs, err := figuredPage(ctx, c.figures, viewer, like.OnComment, func() (list.Page[*comment.Comment], error) { return c.comments.List(ctx, q) })
	return page, figs, ParentSeen{}, err
}

type composedPosts struct {
	posts   post.Repository
	figures FigureReader
}

func (c composedPosts) PostsFigured(ctx context.Context, q post.Query, viewer id.ID) (list.Page[*post.Post], []Figures, error) {
	return figuredPage(ctx, c.figures, viewer, like.OnPost, func() (list.Page[*post.Post], error) { return c.posts.List(ctx, q) })
}

// figuredPage reads a page with read, then its figures.
func figuredPage[T Authored](ctx context.Context, figures FigureReader, viewer id.ID, k like.Kind,
	read func() (list.Page[T], error),
) (list.Page[T], []Figures, error) {
	page, err := read()
	if err != nil {
		return list.Page[T]{}, nil, err
	}
	figs, err := ReadFigures(ctx, figures, viewer, k, page.Items)
	if err != nil {
		return list.Page[T]{}, nil, err
	}
	return page, figs, nil
}
