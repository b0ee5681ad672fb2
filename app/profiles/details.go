package profiles

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/user"
)

// Rename changes the caller's display name. The generated avatar keeps the
// old initials, as clients of /api/v1 expect.
func (s *Service) Rename(ctx context.Context, p app.Principal, name string) (*user.User, error) {
	n, err := user.ParseName(name)
	if err != nil {
		return nil, err
	}
	return s.users.Update(ctx, p.UserID, func(u *user.User) error { return u.Rename(n, s.now()) })
}

// SetBio changes the caller's biography; "" clears it.
func (s *Service) SetBio(ctx context.Context, p app.Principal, bio string) (*user.User, error) {
	b, err := user.ParseBio(bio)
	if err != nil {
		return nil, err
	}
	return s.users.Update(ctx, p.UserID, func(u *user.User) error {
		u.SetBio(b, s.now())
		return nil
	})
}
