package profiles

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/user"
)

// SetProfileImage makes a stored image the caller's avatar and deletes the
// one it replaces, the one the locked row held. When the change fails the
// new file is deleted.
func (s *Service) SetProfileImage(ctx context.Context, p app.Principal, img uploads.StoredMedia) (*user.User, error) {
	if err := s.uploads.Claim(ctx, img); err != nil {
		s.uploads.LetGo(ctx, img)
		return nil, err
	}
	var old string
	u, err := s.users.Update(ctx, p.UserID, func(u *user.User) error {
		old = u.SetProfileImage(img.URL, img.Key, s.now())
		return nil
	})
	if err != nil {
		s.uploads.Discard(ctx, img.Key)
		return nil, err
	}
	s.uploads.Discard(ctx, old)
	return u, nil
}

// SetProfileImageFromUpload does SetProfileImage with a direct upload.
func (s *Service) SetProfileImageFromUpload(ctx context.Context, p app.Principal, key string) (*user.User, error) {
	img, err := s.uploads.Check(ctx, p, uploads.KindAvatar, key)
	if err != nil {
		return nil, err
	}
	return s.SetProfileImage(ctx, p, img)
}
