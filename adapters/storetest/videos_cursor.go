package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// walk lists q page by page through cursors, calling between before each
// page after the first, and returns the videos visited.
func walk(t *testing.T, repo video.Repository, q video.Query, between func(page int)) []*video.Video {
	t.Helper()
	var visited []*video.Video
	for page := 1; ; page++ {
		if page > 1 {
			between(page)
		}
		p := mustList(t, repo, q, fmt.Sprintf("page %d", page))
		visited = append(visited, p.Items...)
		if !p.More {
			return visited
		}
		if len(p.Items) == 0 || page > 100 {
			t.Fatalf("page %d: More with %d items", page, len(p.Items))
		}
		pos := video.PositionOf(p.Items[len(p.Items)-1])
		q.After = &pos
	}
}

func testVideoCursors(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	// The usual feed: newest first. Uploads during the walk are newer than
	// everything, so they land before the cursor and disturb nothing.
	t.Run("CursorWalkNewestFirstWhileUploading", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		for n := 1; n <= 10; n++ {
			mustCreateVideos(t, videos, newVideo(vid{n: n, owner: owner, published: true, created: time.Duration(n) * time.Second}))
		}
		q := video.Query{PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true, Limit: 3, Page: 1}
		uploaded := 0
		visited := walk(t, videos, q, func(int) {
			for range 2 {
				uploaded++
				mustCreateVideos(t, videos, newVideo(vid{
					n: 100 + uploaded, owner: owner, published: true, created: time.Hour + time.Duration(uploaded)*time.Second,
				}))
			}
		})
		wantVideos(t, visited, []int{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, "walk")

		// Total counts every match, whatever the cursor.
		pos := video.PositionOf(visited[4])
		q.After = &pos
		page := mustList(t, videos, q, "after the fifth")
		wantVideos(t, page.Items, []int{5, 4, 3}, "after the fifth")
		wantPage(t, page, 10+uploaded, true, "after the fifth")

		// A cursor wins over a page number.
		q.Page = 4
		page = mustList(t, videos, q, "after the fifth, page 4")
		wantVideos(t, page.Items, []int{5, 4, 3}, "after the fifth, page 4")
	})

	// Most viewed first, with videos added during the walk on both sides of
	// the cursor and tying with the cursor's own view count: those before
	// the cursor are not visited, those after are, and no video that was
	// there from the start is skipped or repeated.
	t.Run("CursorWalkByViewsWhileInserting", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		for n := 11; n <= 20; n++ {
			mustCreateVideos(t, videos, newVideo(vid{n: n, owner: owner, views: int64(n-11) * 10}))
		}
		inserts := map[int][]vid{
			// After the first page the cursor is (70 views, video 18).
			2: {{n: 31, views: 75}, {n: 32, views: 70}, {n: 5, views: 70}, {n: 33, views: 65}},
			// After the second, (60 views, video 17).
			3: {{n: 34, views: 60}, {n: 6, views: 60}, {n: 35, views: 0}},
		}
		q := video.Query{Sort: video.SortViews, Desc: true, Limit: 3, Page: 1}
		visited := walk(t, videos, q, func(page int) {
			for _, v := range inserts[page] {
				v.owner = owner
				mustCreateVideos(t, videos, newVideo(v))
			}
		})
		want := []int{20, 19, 18, 5, 33, 17, 6, 16, 15, 14, 13, 12, 35, 11}
		wantVideos(t, visited, want, "walk")
	})

	// Ascending walks continue the same way, here by title with a filter.
	t.Run("CursorWalkByTitleFiltered", func(t *testing.T) {
		users, videos := newRepos(t)
		a, b := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		titles := []string{"b", "a", "b", "École", "B", "a", "z", "b"}
		for i, title := range titles {
			owner := a
			if i%4 == 3 {
				owner = b
			}
			mustCreateVideos(t, videos, newVideo(vid{n: i + 1, owner: owner, title: title, published: i != 5}))
		}
		q := video.Query{Owner: a, PublishedOnly: true, Sort: video.SortTitle, Limit: 2, Page: 1}
		visited := walk(t, videos, q, func(page int) {
			if page == 2 {
				// Before the cursor ("a", video 2): not visited.
				mustCreateVideos(t, videos, newVideo(vid{n: 40, owner: a, title: "A", published: true}))
			}
		})
		// 5 "B", 2 "a", 1 "b", 3 "b", 7 "z"; 6 is unpublished, 4 and 8 are b's.
		wantVideos(t, visited, []int{5, 2, 1, 3, 7}, "walk")
	})
}
