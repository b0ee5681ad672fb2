package app_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// pausingUsers holds the first read of an account until release closes, so
// that a use case works on a copy another request changes meanwhile.
type pausingUsers struct {
	user.Repository
	entered, release chan struct{}
}

func (p *pausingUsers) ByID(ctx context.Context, uid id.ID) (*user.User, error) {
	u, err := p.Repository.ByID(ctx, uid)
	select {
	case <-p.entered:
	default:
		close(p.entered)
		<-p.release
	}
	return u, err
}

// A password change that read the account before a new avatar was set must
// not bring the old avatar back (nor the avatar change the old password).
func TestPasswordChangeRacingAvatarChangeKeepsBoth(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	users := &pausingUsers{Repository: f.deps.accounts.Users, entered: make(chan struct{}), release: make(chan struct{})}
	slow := f.with(t, func(d *deps) { d.accounts.Users = users })
	done := make(chan error)
	go func() { done <- slow.accounts.ChangePassword(ctx, p, "Secret123", "Newer123") }()
	<-users.entered // the password change holds its copy of the account
	img, err := f.uploads.StoreUpload(ctx, p, uploads.KindAvatar, bytes.NewReader(fixtureFile(t, "image.png")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.profiles.SetProfileImage(ctx, p, img); err != nil {
		t.Fatal(err)
	}
	close(users.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	u, err := f.store.Users().ByID(ctx, p.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Stored().ProfileImageKey != img.Key {
		t.Fatalf("the avatar is %q after the racing password change, want %q", u.Stored().ProfileImageKey, img.Key)
	}
	if _, err := f.accounts.Login(ctx, accounts.LoginInput{Identifier: "ada", Password: "Newer123"}); err != nil {
		t.Fatalf("the new password: %v", err)
	}
}
