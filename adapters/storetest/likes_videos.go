package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

func testLikedVideos(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	likedVideos := func(t *testing.T, s Social, user id.ID, w list.Window, want []int, what string) {
		t.Helper()
		got, err := s.Likes.LikedVideos(t.Context(), user, w)
		mustNil(t, err, "LikedVideos "+what)
		wantIDNums(t, got, want, "LikedVideos "+what)
	}

	// likeMine has me like the five videos of the setup, in the order
	// (105, 104 and 102 tied, 101) both subtests expect.
	likeMine := func(t *testing.T, s Social, me id.ID) {
		t.Helper()
		mustLike(t, s, me, onVideo(101), time.Second)
		mustLike(t, s, me, onVideo(102), 2*time.Second)
		mustLike(t, s, me, onVideo(103), 3*time.Second) // the uploader's, unpublished: hidden
		mustLike(t, s, me, onVideo(104), 2*time.Second) // mine, unpublished; ties with 102
		mustLike(t, s, me, onVideo(105), 4*time.Second)
	}

	t.Run("LikedVideos", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		likeMine(t, s, me)
		mustLike(t, s, uploader, onVideo(102), 9*time.Second)
		mustLike(t, s, me, onComment(301), 9*time.Second)
		mustLike(t, s, me, onPost(401), 9*time.Second)
		// A second like of the same video keeps the first one's time.
		if added, err := s.Likes.Add(t.Context(), like.Like{User: me, Target: onVideo(101), CreatedAt: at(time.Hour)}); err != nil || added {
			t.Fatalf("Add again = %v, %v", added, err)
		}

		likedVideos(t, s, me, list.Window{Limit: 10}, []int{105, 104, 102, 101}, "all")
		likedVideos(t, s, me, list.Window{Limit: 2, Page: 2}, []int{102, 101}, "page 2")
		likedVideos(t, s, me, list.Window{Limit: 2, Page: 3}, nil, "page 3")
		likedVideos(t, s, me, list.Window{Limit: 0, Page: 0}, []int{105}, "limit 0")
		after := list.Position{At: at(2 * time.Second), ID: testID(104)}
		likedVideos(t, s, me, list.Window{Limit: 10, Page: 3, After: &after}, []int{102, 101}, "after 104")
		after = list.Position{At: at(2 * time.Second), ID: testID(103)} // between 104 and 102
		likedVideos(t, s, me, list.Window{Limit: 1, After: &after}, []int{102}, "after a position between")
		likedVideos(t, s, uploader, list.Window{Limit: 10}, []int{102}, "the uploader's")
		likedVideos(t, s, testID(99), list.Window{Limit: 10}, nil, "nobody's")

		// Published, the uploader's video shows in its place.
		v, err := s.Videos.ByID(t.Context(), testID(103))
		mustNil(t, err, "ByID")
		v.TogglePublished(at(time.Minute))
		mustNil(t, putVideo(t.Context(), s.Videos, v), "Update")
		likedVideos(t, s, me, list.Window{Limit: 10}, []int{105, 103, 104, 102, 101}, "after publishing 103")
	})

	// LikedPage reads what LikedVideos selects, each video whole as ByID
	// reads it, with its owner's public profile, for every window.
	t.Run("LikedPage", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		likeMine(t, s, me)
		mustLike(t, s, uploader, onVideo(104), 5*time.Second) // hidden from the uploader
		mustLike(t, s, uploader, onVideo(103), 6*time.Second)
		mustLike(t, s, me, onComment(301), 9*time.Second)
		profile := func(u *user.User) string {
			return fmt.Sprintf("%s %q %q %q", u.ID(), u.Username(), u.Name(), u.ProfileImage())
		}
		mid := list.Position{At: at(2 * time.Second), ID: testID(103)}
		for _, who := range []id.ID{me, uploader, testID(99)} {
			for _, w := range []list.Window{
				{Limit: 10}, {Limit: 2}, {Limit: 2, Page: 2}, {Limit: 2, Page: 3}, {Limit: 1, Page: 4},
				{Limit: 10, After: &mid}, {Limit: 1, After: &mid},
			} {
				where := fmt.Sprintf("%s's liked videos, limit %d, page %d, after %v", who, w.Limit, w.Page, w.After != nil)
				ids, err := s.Likes.LikedVideos(t.Context(), who, w)
				mustNil(t, err, "LikedVideos "+where)
				vs, owners, err := s.LikedPages.LikedPage(t.Context(), who, w)
				mustNil(t, err, "LikedPage "+where)
				if len(vs) != len(ids) || len(owners) != len(ids) {
					t.Fatalf("%s: %d videos, %d owners; want %d", where, len(vs), len(owners), len(ids))
				}
				for i, v := range vs {
					want, err := s.Videos.ByID(t.Context(), ids[i])
					mustNil(t, err, where)
					wantSameVideo(t, v, want, fmt.Sprintf("%s, video %d", where, i))
					owner, err := s.Users.ByID(t.Context(), want.Owner())
					mustNil(t, err, where)
					if owners[i] == nil || profile(owners[i]) != profile(owner) {
						t.Fatalf("%s, video %d: owner %v, want %s", where, i, owners[i], profile(owner))
					}
				}
			}
		}
		for _, c := range []struct {
			who  id.ID
			want []int
		}{{me, []int{105, 104, 102, 101}}, {uploader, []int{103}}, {testID(99), nil}} {
			vs, _, err := s.LikedPages.LikedPage(t.Context(), c.who, list.Window{Limit: 10})
			mustNil(t, err, "LikedPage")
			wantNums(t, nums(t, vs, func(v *video.Video) id.ID { return v.ID() }), c.want, fmt.Sprintf("%s's liked videos", c.who))
		}
	})

	t.Run("LikedVideosWalkWhileLiking", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		for i, n := range []int{101, 102, 104, 105} {
			mustLike(t, s, me, onVideo(n), time.Duration(i+1)*time.Second)
		}
		likedAt := map[id.ID]time.Duration{testID(101): time.Second, testID(102): 2 * time.Second, testID(104): 3 * time.Second, testID(105): 4 * time.Second}
		var visited []id.ID
		w := list.Window{Limit: 2}
		for page := 1; page <= 3; page++ {
			got, err := s.Likes.LikedVideos(t.Context(), me, w)
			mustNil(t, err, "LikedVideos")
			visited = append(visited, got...)
			if len(got) < 2 {
				break
			}
			last := got[len(got)-1]
			w.After = &list.Position{At: at(likedAt[last]), ID: last}
			if page == 1 {
				// A like made now is newer than the cursor: not visited.
				mustCreateVideos(t, s.Videos, newVideo(vid{n: 106, owner: me}))
				mustLike(t, s, me, onVideo(106), time.Hour)
				likedAt[testID(106)] = time.Hour
			}
		}
		wantIDNums(t, visited, []int{105, 104, 102, 101}, "walk")
	})

	t.Run("OnVideosOf", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		other := mustUsers(t, s, 3)[0]
		for _, u := range []id.ID{me, uploader, other} {
			mustLike(t, s, u, onVideo(101), 0) // published
			mustLike(t, s, u, onComment(301), 0)
			mustLike(t, s, u, onPost(401), 0)
		}
		mustLike(t, s, uploader, onVideo(103), 0) // unpublished
		mustLike(t, s, other, onVideo(103), 0)
		mustLike(t, s, me, onVideo(105), 0)
		mustLike(t, s, uploader, onVideo(104), 0) // mine
		for _, c := range []struct {
			owner         id.ID
			publishedOnly bool
			want          int64
		}{{uploader, false, 6}, {uploader, true, 4}, {me, false, 1}, {me, true, 0}, {other, false, 0}} {
			n, err := s.Likes.OnVideosOf(t.Context(), c.owner, c.publishedOnly)
			mustNil(t, err, "OnVideosOf")
			if n != c.want {
				t.Fatalf("OnVideosOf(%s, published only %v) = %d, want %d", c.owner, c.publishedOnly, n, c.want)
			}
		}
	})
}
