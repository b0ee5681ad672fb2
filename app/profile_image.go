package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/user"
)

// SetProfileImage makes a stored image the caller's avatar and deletes the
// one it replaces. When the change fails the new file is deleted.
func (a *App) SetProfileImage(ctx context.Context, p Principal, img StoredMedia) (*user.User, error) {
	u, err := a.users.ByID(ctx, p.UserID)
	if err != nil {
		a.letGo(ctx, img)
		return nil, err
	}
	if err := a.claim(ctx, img); err != nil {
		a.letGo(ctx, img)
		return nil, err
	}
	old := u.SetProfileImage(img.URL, img.Key, a.now())
	if err := a.users.Update(ctx, u); err != nil {
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
