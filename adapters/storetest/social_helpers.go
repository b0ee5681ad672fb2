package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/post"
)

// The social suites number their rows in ranges of testID so that a
// failure message names each row by a small number: users 1-99, videos
// 100-199, follows 200-299, comments 300-399, posts 400-499, playlists
// 500-599. Rows added during a walk or a race use numbers past 1000.

// mustUsers stores accounts numbered ns and returns their ids.
func mustUsers(t *testing.T, s Social, ns ...int) []id.ID {
	t.Helper()
	out := make([]id.ID, len(ns))
	for i, n := range ns {
		out[i] = mustCreateUser(t, s.Users, n).ID()
	}
	return out
}

// mustFollow stores follow n of follower by following at at(d).
func mustFollow(t *testing.T, s Social, n int, follower, following id.ID, d time.Duration) follow.Follow {
	t.Helper()
	f, err := follow.New(testID(n), follower, following, at(d))
	mustNil(t, err, "follow.New")
	added, err := s.Follows.Add(t.Context(), f)
	mustNil(t, err, fmt.Sprintf("Add follow %d", n))
	if !added {
		t.Fatalf("Add follow %d: not added", n)
	}
	return f
}

// mustLike stores user's like of the target at at(d).
func mustLike(t *testing.T, s Social, user id.ID, target like.Target, d time.Duration) {
	t.Helper()
	added, err := s.Likes.Add(t.Context(), like.Like{User: user, Target: target, CreatedAt: at(d)})
	mustNil(t, err, fmt.Sprintf("Add like of %s %s", target.Kind, target.ID))
	if !added {
		t.Fatalf("Add like of %s %s: not added", target.Kind, target.ID)
	}
}

func onVideo(n int) like.Target   { return like.Target{Kind: like.OnVideo, ID: testID(n)} }
func onComment(n int) like.Target { return like.Target{Kind: like.OnComment, ID: testID(n)} }
func onPost(n int) like.Target    { return like.Target{Kind: like.OnPost, ID: testID(n)} }

func underVideo(n int) comment.Parent { return comment.Parent{Kind: comment.OnVideo, ID: testID(n)} }
func underPost(n int) comment.Parent  { return comment.Parent{Kind: comment.OnPost, ID: testID(n)} }

// newComment builds comment n under p, written at at(d).
func newComment(t *testing.T, n int, owner id.ID, p comment.Parent, d time.Duration) *comment.Comment {
	t.Helper()
	c, err := comment.New(comment.NewParams{ID: testID(n), Owner: owner, Parent: p, Content: fmt.Sprintf("Comment %d", n), Now: at(d)})
	mustNil(t, err, "comment.New")
	return c
}

func mustComment(t *testing.T, s Social, n int, owner id.ID, p comment.Parent, d time.Duration) *comment.Comment {
	t.Helper()
	c := newComment(t, n, owner, p, d)
	mustNil(t, s.Comments.Create(t.Context(), c), fmt.Sprintf("Create comment %d", n))
	return c
}

func mustPost(t *testing.T, s Social, n int, owner id.ID, d time.Duration) *post.Post {
	t.Helper()
	p, err := post.New(testID(n), owner, fmt.Sprintf("Post %d", n), at(d))
	mustNil(t, err, "post.New")
	mustNil(t, s.Posts.Create(t.Context(), p), fmt.Sprintf("Create post %d", n))
	return p
}

// mustPlaylist stores playlist n, created at at(d).
func mustPlaylist(t *testing.T, s Social, n int, owner id.ID, name, desc string, published bool, d time.Duration) *playlist.Playlist {
	t.Helper()
	p, err := playlist.New(testID(n), owner, playlist.Details{Name: &name, Description: &desc, Published: &published}, at(d))
	mustNil(t, err, "playlist.New")
	mustNil(t, s.Playlists.Create(t.Context(), p), fmt.Sprintf("Create playlist %d", n))
	return p
}

// num returns n of testID(n).
func num(t *testing.T, i id.ID) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(i.String(), "%x", &n); err != nil {
		t.Fatalf("id %s is not a test id", i)
	}
	return n
}

// nums returns the numbers of the ids of items, in order.
func nums[T any](t *testing.T, items []T, idOf func(T) id.ID) []int {
	t.Helper()
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = num(t, idOf(it))
	}
	return out
}

func wantNums(t *testing.T, got, want []int, what string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

func wantIDNums(t *testing.T, got []id.ID, want []int, what string) {
	t.Helper()
	wantNums(t, nums(t, got, func(i id.ID) id.ID { return i }), want, what)
}

// wantListPage checks a page's items by number, its total and its flag.
func wantListPage[T any](t *testing.T, p list.Page[T], err error, idOf func(T) id.ID, want []int, total int, more bool, what string) {
	t.Helper()
	mustNil(t, err, what)
	if p.Items == nil {
		t.Fatalf("%s: nil Items, want an empty slice", what)
	}
	wantNums(t, nums(t, p.Items, idOf), want, what)
	if p.Total != total || p.More != more {
		t.Fatalf("%s: Total %d More %v, want Total %d More %v", what, p.Total, p.More, total, more)
	}
}

// walkAfter lists page by page through positions, calling between before
// each page after the first, and returns the items visited.
func walkAfter[T any](t *testing.T, limit int, fetch func(w list.Window) (list.Page[T], error), pos func(T) list.Position, between func(page int)) []T {
	t.Helper()
	var visited []T
	w := list.Window{Limit: limit, Page: 1}
	for page := 1; ; page++ {
		if page > 1 {
			between(page)
		}
		p, err := fetch(w)
		mustNil(t, err, fmt.Sprintf("page %d", page))
		visited = append(visited, p.Items...)
		if !p.More {
			return visited
		}
		if len(p.Items) == 0 || page > 100 {
			t.Fatalf("page %d: More with %d items", page, len(p.Items))
		}
		last := pos(p.Items[len(p.Items)-1])
		w.After = &last
	}
}

// pageCase is one window of a list of 7 items and what it shows.
type pageCase struct {
	page, limit int
	want        []int // indexes into the list's full order
	more        bool
}

// pageCases are the offset windows every list checks, over 7 items.
var pageCases = []pageCase{
	{1, 3, []int{0, 1, 2}, true},
	{2, 3, []int{3, 4, 5}, true},
	{3, 3, []int{6}, false},
	{4, 3, nil, false},           // past the end: empty, the total still counted
	{0, 3, []int{0, 1, 2}, true}, // pages below 1 are the first
	{1, 0, []int{0}, true},       // limits below 1 are 1
	{2, -4, []int{1}, true},      //
	{1, 7, []int{0, 1, 2, 3, 4, 5, 6}, false},
	{2, 7, nil, false},
	{1, 1000, []int{0, 1, 2, 3, 4, 5, 6}, false},
}

// checkPages runs pageCases over a list whose full order is order (7
// numbers).
func checkPages[T any](t *testing.T, order []int, fetch func(w list.Window) (list.Page[T], error), idOf func(T) id.ID, what string) {
	t.Helper()
	if len(order) != 7 {
		t.Fatalf("checkPages needs 7 items, got %d", len(order))
	}
	for _, c := range pageCases {
		var want []int
		for _, i := range c.want {
			want = append(want, order[i])
		}
		p, err := fetch(list.Window{Page: c.page, Limit: c.limit})
		wantListPage(t, p, err, idOf, want, 7, c.more, fmt.Sprintf("%s page %d limit %d", what, c.page, c.limit))
	}
}
