package comments

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
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

func (s *Service) list(ctx context.Context, p app.Principal, parent comment.Parent, in ListInput) (Page, error) {
	if _, err := s.parentOwner(ctx, p, parent); err != nil {
		return Page{}, err
	}
	var figs []app.Figures
	page, err := app.ReadByTime(ctx, s.cursors, cursorName(parent), in.Page, in.Limit, in.Cursor,
		func(ctx context.Context, w list.Window) (list.Page[*comment.Comment], error) {
			page, f, err := s.pages.CommentsFigured(ctx, comment.Query{Parent: parent, Window: w}, p.UserID)
			figs = f
			return page, err
		})
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
