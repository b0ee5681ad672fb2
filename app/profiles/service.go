// Package profiles holds the use cases of what an account shows others:
// for now its profile image.
package profiles

import (
	"errors"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/user"
)

// Deps are the ports the profile use cases need.
type Deps struct {
	Users user.Repository
	// Uploads claims and discards profile images.
	Uploads *uploads.Service
	Clock   app.Clock
}

// Service runs the profile use cases.
type Service struct {
	users   user.Repository
	uploads *uploads.Service
	clock   app.Clock
}

// New checks the dependencies and returns the service.
func New(d Deps) (*Service, error) {
	if d.Users == nil || d.Uploads == nil || d.Clock == nil {
		return nil, errors.New("profiles: missing dependency")
	}
	return &Service{users: d.Users, uploads: d.Uploads, clock: d.Clock}, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }
