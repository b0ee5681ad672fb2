// Package comments holds the use cases of comments under videos and
// community posts: listing, writing, editing and deleting them, and
// removing every comment under a video or post that is being deleted.
//
// A comment exists for a caller only when its parent does: comments under
// a video the caller may not see (unpublished and not theirs) are "not
// found", like the video.
package comments

import (
	"errors"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Refusals of changes to another user's comment.
var (
	ErrNotYourComment       = errs.Define(errs.Forbidden, "comments.not_yours", "You are not authorized to edit this comment")
	ErrNotYourCommentDelete = errs.Define(errs.Forbidden, "comments.not_yours_to_delete", "You are not Authorized to delete this comment")
)

// Deps are the ports the comment use cases need.
type Deps struct {
	Comments comment.Repository
	// Videos and Posts are the parents, read to check that they exist for
	// the caller.
	Videos video.Repository
	Posts  post.Repository
	// Users reads the accounts whose comments are written or listed.
	Users user.Repository
	// Pages reads pages of comments with the authors and like figures
	// shown with them.
	Pages app.CommentPages
	Clock app.Clock
	IDs   app.IDs
	// Events, when set, hears of every change to a comment under a video
	// once it is stored: live delivery.
	Events Events
}

// Service runs the comment use cases.
type Service struct {
	comments comment.Repository
	videos   video.Repository
	posts    post.Repository
	users    user.Repository
	pages    app.CommentPages
	clock    app.Clock
	ids      app.IDs
	cursors  *app.Cursors
	events   Events
	// order keeps the changes to one video's comments in the order they
	// are stored while they are told to Events.
	order videoLocks
}

// New checks the dependencies and returns the service; cursorKey signs
// list cursors.
func New(d Deps, cursorKey []byte) (*Service, error) {
	if d.Comments == nil || d.Videos == nil || d.Posts == nil || d.Users == nil || d.Pages == nil || d.Clock == nil || d.IDs == nil {
		return nil, errors.New("comments: missing dependency")
	}
	cursors, err := app.NewCursors(cursorKey)
	if err != nil {
		return nil, err
	}
	return &Service{
		comments: d.Comments, videos: d.Videos, posts: d.Posts, users: d.Users, pages: d.Pages,
		clock: d.Clock, ids: d.IDs, cursors: cursors, events: d.Events,
	}, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }
