package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// testUsesMedia checks that videos and accounts tell which stored objects
// they point at: the media sweeper deletes nothing they name.
func testUsesMedia(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	users, videos := newRepos(t)
	u := newUser(t, 1)
	u.SetProfileImage("https://cdn.example.com/a.png", "avatars/u1/a.png", at(time.Second))
	mustNil(t, users.Create(t.Context(), u), "Create user")
	mustCreateUser(t, users, 2) // the generated avatar: no key
	mustCreateVideos(t, videos, newVideo(vid{n: 7, owner: u.ID()}))

	for key, want := range map[string][2]bool{
		"videos/7.mp4":     {true, false},
		"thumbs/7.jpg":     {true, false},
		"avatars/u1/a.png": {false, true},
		"videos/8.mp4":     {false, false},
		"videos/7.mp":      {false, false},
		"":                 {false, false},
		"a\x00b":           {false, false},
		"caf\xe9":          {false, false},
	} {
		inVideos, err := videos.UsesMedia(t.Context(), key)
		mustNil(t, err, "videos.UsesMedia "+key)
		inUsers, err := users.UsesMedia(t.Context(), key)
		mustNil(t, err, "users.UsesMedia "+key)
		if inVideos != want[0] || inUsers != want[1] {
			t.Errorf("UsesMedia(%q): videos %v, users %v; want %v", key, inVideos, inUsers, want)
		}
	}
}
