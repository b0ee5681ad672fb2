// Package profiles holds the use cases of what an account shows: its
// public profile with its figures, finding accounts, the owner's name,
// biography and profile image, and the creator's dashboard.
package profiles

import (
	"errors"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Deps are the ports the profile use cases need.
type Deps struct {
	Users user.Repository
	// Follows, Likes and Videos give a profile's figures.
	Follows follow.Repository
	Likes   like.Repository
	Videos  video.Repository
	// Uploads claims and discards profile images.
	Uploads *uploads.Service
	Clock   app.Clock
}

// Service runs the profile use cases.
type Service struct {
	users   user.Repository
	follows follow.Repository
	likes   like.Repository
	videos  video.Repository
	uploads *uploads.Service
	clock   app.Clock
}

// New checks the dependencies and returns the service.
func New(d Deps) (*Service, error) {
	if d.Users == nil || d.Follows == nil || d.Likes == nil || d.Videos == nil || d.Uploads == nil || d.Clock == nil {
		return nil, errors.New("profiles: missing dependency")
	}
	return &Service{users: d.Users, follows: d.Follows, likes: d.Likes, videos: d.Videos, uploads: d.Uploads, clock: d.Clock}, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }
