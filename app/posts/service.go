// Package posts holds the use cases of community posts: publishing,
// listing (the community feed and one user's posts), editing and deleting
// them with what others left on them.
package posts

import (
	"context"
	"errors"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/user"
)

// Refusals of changes to another user's post.
var (
	ErrNotYourPost       = errs.Define(errs.Forbidden, "posts.not_yours", "You can only edit your own posts")
	ErrNotYourPostDelete = errs.Define(errs.Forbidden, "posts.not_yours_to_delete", "You can only delete your own posts")
)

// Deps are the ports the post use cases need.
type Deps struct {
	Posts post.Repository
	// Users reads the author of a new post and checks the user whose
	// posts are listed.
	Users user.Repository
	// Pages reads pages of posts with the authors and like figures shown
	// with them.
	Pages app.PostPages
	Clock app.Clock
	IDs   app.IDs
}

// Service runs the post use cases.
type Service struct {
	posts   post.Repository
	users   user.Repository
	pages   app.PostPages
	clock   app.Clock
	ids     app.IDs
	cursors *app.Cursors
}

// New checks the dependencies and returns the service; cursorKey signs
// list cursors.
func New(d Deps, cursorKey []byte) (*Service, error) {
	if d.Posts == nil || d.Users == nil || d.Pages == nil || d.Clock == nil || d.IDs == nil {
		return nil, errors.New("posts: missing dependency")
	}
	cursors, err := app.NewCursors(cursorKey)
	if err != nil {
		return nil, err
	}
	return &Service{posts: d.Posts, users: d.Users, pages: d.Pages, clock: d.Clock, ids: d.IDs, cursors: cursors}, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// PostView is a post as lists show it: with its author (nil when the
// account is gone), its likes, and whether the caller liked it.
type PostView struct {
	Post  *post.Post
	Owner *user.User
	Likes int64
	Liked bool
}

// CreatePost publishes a post by the caller.
func (s *Service) CreatePost(ctx context.Context, p app.Principal, content string) (PostView, error) {
	po, err := post.New(s.ids.New(), p.UserID, content, s.now())
	if err != nil {
		return PostView{}, err
	}
	if err := s.posts.Create(ctx, po); err != nil {
		return PostView{}, err
	}
	owner, err := s.users.ByID(ctx, p.UserID)
	if err != nil {
		return PostView{}, err
	}
	return PostView{Post: po, Owner: owner}, nil
}

// Post returns a post; liking one checks it exists.
func (s *Service) Post(ctx context.Context, postID id.ID) (*post.Post, error) {
	return s.posts.ByID(ctx, postID)
}

// EditPost replaces the text of the caller's post.
func (s *Service) EditPost(ctx context.Context, p app.Principal, postID id.ID, content string) (*post.Post, error) {
	return s.posts.Update(ctx, postID, func(po *post.Post) error {
		if !po.OwnedBy(p.UserID) {
			return ErrNotYourPost
		}
		return po.Edit(content, s.now())
	})
}

// DeletePost deletes the caller's post. The store takes its comments,
// their likes and its likes along in the same step, so that what others
// add meanwhile cannot hold the deletion up.
func (s *Service) DeletePost(ctx context.Context, p app.Principal, postID id.ID) error {
	po, err := s.posts.ByID(ctx, postID)
	if err != nil {
		return err
	}
	if !po.OwnedBy(p.UserID) {
		return ErrNotYourPostDelete
	}
	return s.posts.Delete(ctx, postID)
}

// ListInput selects a page of posts: a page number, or the position of a
// cursor.
type ListInput struct {
	Page   int
	Limit  int
	Cursor string
}

// Page is a page of posts.
type Page struct {
	Items      []PostView
	Total      int
	Page       int
	Limit      int
	NextCursor string // "" at the end
}

// Feed lists every user's posts, newest first.
func (s *Service) Feed(ctx context.Context, p app.Principal, in ListInput) (Page, error) {
	return s.list(ctx, p, "", in)
}

// UserPosts lists one user's posts, newest first; user.ErrNotFound when
// there is no such user.
func (s *Service) UserPosts(ctx context.Context, p app.Principal, userID id.ID, in ListInput) (Page, error) {
	if _, err := app.VisibleUser(ctx, s.users, p.UserID, userID); err != nil {
		return Page{}, err
	}
	return s.list(ctx, p, userID, in)
}

func (s *Service) list(ctx context.Context, p app.Principal, owner id.ID, in ListInput) (Page, error) {
	var figs []app.Figures
	page, err := app.ReadByTime(ctx, s.cursors, "posts/"+owner.String(), in.Page, in.Limit, in.Cursor,
		func(ctx context.Context, w list.Window) (list.Page[*post.Post], error) {
			page, f, err := s.pages.PostsFigured(ctx, post.Query{Owner: owner, Window: w}, p.UserID)
			figs = f
			return page, err
		})
	if err != nil {
		return Page{}, err
	}
	items := make([]PostView, len(page.Items))
	for i, po := range page.Items {
		items[i] = PostView{Post: po, Owner: figs[i].Owner, Likes: figs[i].Likes, Liked: figs[i].Liked}
	}
	return Page{Items: items, Total: page.Total, Page: page.Window.Page, Limit: page.Window.Limit, NextCursor: page.NextCursor}, nil
}
