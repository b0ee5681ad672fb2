// Package social holds the use cases of follows and likes: following a
// user and listing who follows whom, and liking videos, comments and
// community posts.
//
// Toggles are two idempotent store calls (remove; when nothing was
// removed, add), so racing toggles never fail and never store a pair
// twice: two toggles that both find nothing to remove both answer "liked",
// which is the state they leave.
package social

import (
	"errors"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/app/posts"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Deps are the ports the social use cases need.
type Deps struct {
	Users   user.Repository
	Follows follow.Repository
	// FollowPages reads follow lists with the accounts they show.
	FollowPages app.FollowPages
	Likes       like.Repository
	// Videos, Comments and Posts check that a liked thing exists for the
	// caller.
	Videos   video.Repository
	Comments *comments.Service
	Posts    *posts.Service
	Clock    app.Clock
	IDs      app.IDs
}

// Service runs the social use cases.
type Service struct {
	users       user.Repository
	follows     follow.Repository
	followPages app.FollowPages
	likes       like.Repository
	videos      video.Repository
	comments    *comments.Service
	posts       *posts.Service
	clock       app.Clock
	ids         app.IDs
}

// New checks the dependencies and returns the service.
func New(d Deps) (*Service, error) {
	if d.Users == nil || d.Follows == nil || d.FollowPages == nil || d.Likes == nil || d.Videos == nil || d.Comments == nil || d.Posts == nil || d.Clock == nil || d.IDs == nil {
		return nil, errors.New("social: missing dependency")
	}
	return &Service{
		users: d.Users, follows: d.Follows, followPages: d.FollowPages, likes: d.Likes, videos: d.Videos,
		comments: d.Comments, posts: d.Posts, clock: d.Clock, ids: d.IDs,
	}, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }
