package comments

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// CommentView is a comment as lists show it: with its author (nil when the
// account is gone), its likes, and whether the caller liked it.
type CommentView struct {
	Comment *comment.Comment
	Owner   *user.User
	Likes   int64
	Liked   bool
}

// ListInput selects a page of comments: a page number, or the position of
// a cursor.
type ListInput struct {
	Page   int
	Limit  int
	Cursor string
}

// Page is a page of comments.
type Page struct {
	Items      []CommentView
	Total      int
	Page       int
	Limit      int
	NextCursor string // "" at the end
}

// ListOnVideo lists the comments under a video, newest first.
func (s *Service) ListOnVideo(ctx context.Context, p app.Principal, videoID id.ID, in ListInput) (Page, error) {
	return s.list(ctx, p, comment.Parent{Kind: comment.OnVideo, ID: videoID}, in)
}

// ListOnPost lists the comments under a community post, newest first.
func (s *Service) ListOnPost(ctx context.Context, p app.Principal, postID id.ID, in ListInput) (Page, error) {
	return s.list(ctx, p, comment.Parent{Kind: comment.OnPost, ID: postID}, in)
}

// list reads the page, and checks that the caller may see the parent
// before it answers: from the parent as the page's read found it, or, when
// that read could not tell (an empty page, a failed read), by reading the
// parent, whose error comes first.
func (s *Service) list(ctx context.Context, p app.Principal, parent comment.Parent, in ListInput) (Page, error) {
	var (
		figs []app.Figures
		seen app.ParentSeen
	)
	page, err := app.ReadByTime(ctx, s.cursors, cursorName(parent), in.Page, in.Limit, in.Cursor,
		func(ctx context.Context, w list.Window) (list.Page[*comment.Comment], error) {
			page, f, ps, err := s.pages.CommentsFigured(ctx, comment.Query{Parent: parent, Window: w}, p.UserID)
			figs, seen = f, ps
			return page, err
		})
	switch {
	case !seen.Known:
		if _, perr := s.parentOwner(ctx, p, parent); perr != nil {
			return Page{}, perr
		}
	case parent.Kind == comment.OnVideo && !video.Visible(seen.Published, seen.Owner, p.UserID):
		return Page{}, video.ErrNotFound
	}
	if err != nil {
		return Page{}, err
	}
	items := make([]CommentView, len(page.Items))
	for i, c := range page.Items {
		items[i] = CommentView{Comment: c, Owner: figs[i].Owner, Likes: figs[i].Likes, Liked: figs[i].Liked}
	}
	return Page{Items: items, Total: page.Total, Page: page.Window.Page, Limit: page.Window.Limit, NextCursor: page.NextCursor}, nil
}

// cursorName names the list of comments under parent, so that its cursors
// continue no other list.
func cursorName(parent comment.Parent) string {
	if parent.Kind == comment.OnPost {
		return "comments/post/" + parent.ID.String()
	}
	return "comments/video/" + parent.ID.String()
}
