package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// errChange is what the update functions of the rollback tests return.
var errChange = errors.New("change refused")

// TestUserUpdates checks that user.Repository.Update is atomic: racing
// changes of different fields all stay, and a change that fails writes
// nothing. newRepo returns an empty repository each time it is called.
func TestUserUpdates(t *testing.T, newRepo func(t *testing.T) user.Repository) {
	t.Run("ConcurrentChangesOfDifferentFieldsAllStay", func(t *testing.T) {
		repo := newRepo(t)
		u := mustCreateUser(t, repo, 1)
		field := func(i int) int { return i % 4 }
		results := race(func(i int) error {
			_, err := repo.Update(t.Context(), u.ID(), func(u *user.User) error {
				now := at(time.Duration(i+1) * time.Second)
				switch field(i) {
				case 0:
					u.SetPasswordHash(fmt.Sprintf("hash-%d", i), now)
				case 1:
					u.SetProfileImage(fmt.Sprintf("https://cdn.example.com/%d.png", i), fmt.Sprintf("avatars/%d.png", i), now)
				case 2:
					u.SetBio(fmt.Sprintf("bio %d", i), now)
				default:
					return u.Rename(fmt.Sprintf("Name %d", i), now)
				}
				return nil
			})
			return err
		})
		for _, err := range results {
			mustNil(t, err, "Update")
		}
		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		bio, _ := got.Bio()
		for f, value := range []string{got.PasswordHash(), got.Stored().ProfileImageKey, bio, got.Name()} {
			i := lastNumber(value)
			if i < 0 || field(i) != f {
				t.Errorf("field %d is %q: a racing change of another field overwrote it", f, value)
			}
		}
	})

	t.Run("FailedChangeWritesNothing", func(t *testing.T) {
		repo := newRepo(t)
		u := mustCreateUser(t, repo, 1)
		_, err := repo.Update(t.Context(), u.ID(), func(u *user.User) error {
			u.SetPasswordHash("half-done", at(time.Minute))
			return errChange
		})
		if !errors.Is(err, errChange) {
			t.Fatalf("Update: %v, want the change's error", err)
		}
		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		wantSameUser(t, got, u, "after a failed change")
	})

	t.Run("MissingIsNotFound", func(t *testing.T) {
		repo := newRepo(t)
		called := false
		_, err := repo.Update(t.Context(), testID(9), func(*user.User) error { called = true; return nil })
		wantIs(t, err, user.ErrNotFound, "Update of a missing account")
		if called {
			t.Fatal("the change ran for a missing account")
		}
	})

	t.Run("ReturnsWhatItWrote", func(t *testing.T) {
		repo := newRepo(t)
		u := mustCreateUser(t, repo, 1)
		out, err := repo.Update(t.Context(), u.ID(), func(u *user.User) error { u.SetBio("written", at(time.Hour)); return nil })
		mustNil(t, err, "Update")
		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		wantSameUser(t, got, out, "Update's result")
	})
}

// TestVideoUpdates checks that video.Repository.Update is atomic, as
// TestUserUpdates does for accounts.
func TestVideoUpdates(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	t.Run("ConcurrentChangesOfDifferentFieldsAllStay", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		v := newVideo(vid{n: 1, owner: owner})
		mustCreateVideos(t, videos, v)
		toggles := 0
		for i := range racers {
			if i%3 == 1 {
				toggles++
			}
		}
		results := race(func(i int) error {
			_, err := videos.Update(t.Context(), v.ID(), func(v *video.Video) error {
				now := at(time.Duration(i+1) * time.Second)
				switch i % 3 {
				case 0:
					return v.Edit(fmt.Sprintf("Title %d", i), nil, now)
				case 1:
					v.TogglePublished(now)
				default:
					v.ReplaceThumbnail(video.Media{URL: fmt.Sprintf("https://cdn.example.com/%d.jpg", i), Key: fmt.Sprintf("thumbs/%d.jpg", i)}, now)
				}
				return nil
			})
			return err
		})
		for _, err := range results {
			mustNil(t, err, "Update")
		}
		got, err := videos.ByID(t.Context(), v.ID())
		mustNil(t, err, "ByID")
		if i := lastNumber(got.Title()); i < 0 || i%3 != 0 {
			t.Errorf("title %q: overwritten by a racing change", got.Title())
		}
		if i := lastNumber(got.Thumbnail().Key); i < 0 || i%3 != 2 {
			t.Errorf("thumbnail %q: overwritten by a racing change", got.Thumbnail().Key)
		}
		if got.Published() != (toggles%2 == 1) {
			t.Errorf("published %v after %d toggles: a toggle was lost", got.Published(), toggles)
		}
	})

	t.Run("FailedChangeWritesNothing", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		v := newVideo(vid{n: 1, owner: owner})
		mustCreateVideos(t, videos, v)
		_, err := videos.Update(t.Context(), v.ID(), func(v *video.Video) error {
			v.TogglePublished(at(time.Minute))
			return errChange
		})
		if !errors.Is(err, errChange) {
			t.Fatalf("Update: %v, want the change's error", err)
		}
		got, err := videos.ByID(t.Context(), v.ID())
		mustNil(t, err, "ByID")
		wantSameVideo(t, got, v, "after a failed change")
	})

	t.Run("MissingIsNotFound", func(t *testing.T) {
		_, videos := newRepos(t)
		called := false
		_, err := videos.Update(t.Context(), testID(9), func(*video.Video) error { called = true; return nil })
		wantIs(t, err, video.ErrNotFound, "Update of a missing video")
		if called {
			t.Fatal("the change ran for a missing video")
		}
	})
}

// lastNumber returns the number a test value ends with ("hash-12",
// "avatars/12.png"), or -1.
func lastNumber(s string) int {
	s = strings.TrimSuffix(strings.TrimSuffix(s, ".png"), ".jpg")
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n := -1
	if i < len(s) {
		fmt.Sscanf(s[i:], "%d", &n)
	}
	return n
}
