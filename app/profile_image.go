package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/user"
)

// SetProfileImage makes a stored image the caller's avatar and deletes the
// one it replaces, the one the locked row held. When the change fails the
// new file is deleted.
func (a *App) SetProfileImage(ctx context.Context, p Principal, img StoredMedia) (*user.User, error) {
	if err := a.claim(ctx, img); err != nil {
		a.letGo(ctx, img)
		return nil, err
	}
	var old string
	u, err := a.users.Update(ctx, p.UserID, func(u *user.User) error {
		old = u.SetProfileImage(img.URL, img.Key, a.now())
		return nil
	})
	if err != nil {
		a.discard(ctx, img.Key)
		return nil, err
	}
	a.discard(ctx, old)
	return u, nil
}

// SetProfileImageFromUpload does SetProfileImage with a direct upload.
func (a *App) SetProfileImageFromUpload(ctx context.Context, p Principal, key string) (*user.User, error) {
	img, err := a.checkUpload(ctx, p, KindAvatar, key)
	if err != nil {
		return nil, err
	}
	return a.SetProfileImage(ctx, p, img)
}
