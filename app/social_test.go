package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/app/playlists"
	"github.com/stagecast/stagecast/app/posts"
	"github.com/stagecast/stagecast/app/profiles"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// published uploads and publishes a video of p.
func (f *fixture) published(t *testing.T, p app.Principal, title string) id.ID {
	t.Helper()
	v := f.upload(t, p, title)
	if _, err := f.videos.TogglePublish(context.Background(), p, v.Video.ID()); err != nil {
		t.Fatal(err)
	}
	return v.Video.ID()
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestDeleteVideoRemovesWhatOthersLeftOnIt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner, fan := f.principal(t, "ada"), f.principal(t, "bo")
	vid := f.published(t, owner, "Doomed")
	kept := f.published(t, owner, "Kept")

	must[bool](t)(f.social.ToggleVideoLike(ctx, fan, vid))
	c := must[comments.CommentView](t)(f.comments.CommentOnVideo(ctx, fan, vid, "Nice"))
	must[bool](t)(f.social.ToggleCommentLike(ctx, owner, c.Comment.ID()))
	pl := must[playlists.Owned](t)(f.playlists.CreatePlaylist(ctx, fan, playlist.Details{Name: ptr("Mix")}))
	must[playlists.Owned](t)(f.playlists.AddVideo(ctx, fan, pl.Playlist.ID(), vid))
	must[playlists.Owned](t)(f.playlists.AddVideo(ctx, fan, pl.Playlist.ID(), kept))
	must[any](t)(f.videos.GetVideo(ctx, fan, vid))

	if err := f.videos.DeleteVideo(ctx, owner, vid); err != nil {
		t.Fatal(err)
	}
	if n := must[map[id.ID]int64](t)(f.store.Likes().Counts(ctx, like.OnVideo, []id.ID{vid}))[vid]; n != 0 {
		t.Errorf("%d likes left on the deleted video", n)
	}
	if _, err := f.store.Comments().ByID(ctx, c.Comment.ID()); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("comment of the deleted video: %v", err)
	}
	if n := must[map[id.ID]int64](t)(f.store.Likes().Counts(ctx, like.OnComment, []id.ID{c.Comment.ID()}))[c.Comment.ID()]; n != 0 {
		t.Errorf("%d likes left on the deleted comment", n)
	}
	if ids := must[[]id.ID](t)(f.store.Playlists().VideoIDs(ctx, pl.Playlist.ID(), fan.UserID)); len(ids) != 1 || ids[0] != kept {
		t.Errorf("playlist holds %v, want only %s", ids, kept)
	}
	if h := must[videos.HistoryPage](t)(f.videos.WatchHistory(ctx, fan, 1, 10)); h.Total != 0 {
		t.Errorf("history keeps %d entries", h.Total)
	}
}

// lateLikes adds a like the first time the likes of a video are removed,
// as a viewer who loaded the video before it was hidden would.
type lateLikes struct {
	like.Repository
	once sync.Once
	who  id.ID
}

func (l *lateLikes) RemoveAll(ctx context.Context, k like.Kind, ids []id.ID) (int, error) {
	n, err := l.Repository.RemoveAll(ctx, k, ids)
	if k == like.OnVideo {
		l.once.Do(func() {
			_, err = l.Repository.Add(ctx, like.Like{User: l.who, Target: like.Target{Kind: k, ID: ids[0]}})
		})
	}
	return n, err
}

func TestDeleteVideoRunsAgainWhenALikeArrives(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner, fan := f.principal(t, "ada"), f.principal(t, "bo")
	vid := f.published(t, owner, "Racy")
	late := &lateLikes{Repository: f.store.Likes(), who: fan.UserID}
	g := f.with(t, func(d *deps) { d.videos.Likes = late })
	if err := g.videos.DeleteVideo(ctx, owner, vid); err != nil {
		t.Fatalf("delete with a late like: %v", err)
	}
	if _, err := f.store.Videos().ByID(ctx, vid); !errors.Is(err, video.ErrNotFound) {
		t.Fatalf("video after delete: %v", err)
	}
	// The store refused the video while the late like pointed at it, and
	// the second round removed that like.
	if n := must[map[id.ID]int64](t)(f.store.Likes().Counts(ctx, like.OnVideo, []id.ID{vid}))[vid]; n != 0 {
		t.Fatalf("%d likes outlived the video", n)
	}
}

func TestDeletePostRemovesItsCommentsAndLikes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	author, fan := f.principal(t, "ada"), f.principal(t, "bo")
	po := must[posts.PostView](t)(f.posts.CreatePost(ctx, author, "Hello"))
	pid := po.Post.ID()
	must[bool](t)(f.social.TogglePostLike(ctx, fan, pid))
	var cids []id.ID
	for i := range 3 {
		c := must[comments.CommentView](t)(f.comments.CommentOnPost(ctx, fan, pid, fmt.Sprint("c", i)))
		must[bool](t)(f.social.ToggleCommentLike(ctx, author, c.Comment.ID()))
		cids = append(cids, c.Comment.ID())
	}
	if err := f.posts.DeletePost(ctx, fan, pid); !errors.Is(err, posts.ErrNotYourPostDelete) {
		t.Fatalf("someone else's post: %v", err)
	}
	if err := f.posts.DeletePost(ctx, author, pid); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Posts().ByID(ctx, pid); !errors.Is(err, post.ErrNotFound) {
		t.Fatalf("post after delete: %v", err)
	}
	counts := must[map[id.ID]int64](t)(f.store.Likes().Counts(ctx, like.OnComment, cids))
	for _, cid := range cids {
		if _, err := f.store.Comments().ByID(ctx, cid); !errors.Is(err, comment.ErrNotFound) {
			t.Errorf("comment %s after delete: %v", cid, err)
		}
		if counts[cid] != 0 {
			t.Errorf("comment %s keeps %d likes", cid, counts[cid])
		}
	}
	if _, err := f.social.TogglePostLike(ctx, fan, pid); !errors.Is(err, post.ErrNotFound) {
		t.Fatalf("liking the deleted post: %v", err)
	}
}

func TestRacingTogglesEndConsistent(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner, fan := f.principal(t, "ada"), f.principal(t, "bo")
	vid := f.published(t, owner, "Liked")
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 20 {
		wg.Go(func() {
			if _, err := f.social.ToggleVideoLike(ctx, fan, vid); err != nil {
				errs <- err
			}
			if _, err := f.social.ToggleFollow(ctx, fan, owner.UserID); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("racing toggle: %v", err)
	}
	n := must[map[id.ID]int64](t)(f.store.Likes().Counts(ctx, like.OnVideo, []id.ID{vid}))[vid]
	liked := must[map[id.ID]bool](t)(f.store.Likes().LikedBy(ctx, fan.UserID, like.OnVideo, []id.ID{vid}))[vid]
	if n > 1 || (n == 1) != liked {
		t.Fatalf("count %d, liked %v", n, liked)
	}
	d := must[videos.VideoDetail](t)(f.videos.GetVideo(ctx, fan, vid))
	follows := must[map[id.ID]bool](t)(f.store.Follows().Follows(ctx, fan.UserID, []id.ID{owner.UserID}))[owner.UserID]
	if d.Likes != n || d.Liked != liked || d.CallerFollows != follows || (d.OwnerFollowers == 1) != follows {
		t.Fatalf("detail %+v, want likes %d liked %v follows %v", d, n, liked, follows)
	}
}

func TestCommentsAreModeratedByTheParentsOwner(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner, writer, other := f.principal(t, "ada"), f.principal(t, "bo"), f.principal(t, "cy")
	vid := f.published(t, owner, "Talk")
	c := must[comments.CommentView](t)(f.comments.CommentOnVideo(ctx, writer, vid, "  First!  "))
	if got := c.Comment.Content(); got != "First!" {
		t.Fatalf("content %q, want it trimmed", got)
	}
	if _, err := f.comments.EditComment(ctx, owner, c.Comment.ID(), "Edited"); !errors.Is(err, comments.ErrNotYourComment) {
		t.Fatalf("the video's owner edits: %v", err)
	}
	if err := f.comments.DeleteComment(ctx, other, c.Comment.ID()); !errors.Is(err, comments.ErrNotYourCommentDelete) {
		t.Fatalf("a third user deletes: %v", err)
	}
	if err := f.comments.DeleteComment(ctx, owner, c.Comment.ID()); err != nil {
		t.Fatalf("the video's owner deletes: %v", err)
	}
	if _, err := f.comments.EditComment(ctx, writer, c.Comment.ID(), "x"); !errors.Is(err, comment.ErrNotFound) {
		t.Fatalf("editing a deleted comment: %v", err)
	}
}

func TestUnpublishedVideosExistOnlyForTheirOwner(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner, other := f.principal(t, "ada"), f.principal(t, "bo")
	vid := f.upload(t, owner, "Draft").Video.ID()
	c := must[comments.CommentView](t)(f.comments.CommentOnVideo(ctx, owner, vid, "note to self"))
	pl := must[playlists.Owned](t)(f.playlists.CreatePlaylist(ctx, other, playlist.Details{Name: ptr("Mine")}))
	for name, err := range map[string]error{
		"like":          second(f.social.ToggleVideoLike(ctx, other, vid)),
		"comment":       second(f.comments.CommentOnVideo(ctx, other, vid, "hi")),
		"list comments": second(f.comments.ListOnVideo(ctx, other, vid, comments.ListInput{})),
		"add":           second(f.playlists.AddVideo(ctx, other, pl.Playlist.ID(), vid)),
	} {
		if !errors.Is(err, video.ErrNotFound) {
			t.Errorf("%s: %v, want video not found", name, err)
		}
	}
	if _, err := f.social.ToggleCommentLike(ctx, other, c.Comment.ID()); !errors.Is(err, comment.ErrNotFound) {
		t.Errorf("like a comment under it: %v", err)
	}
	// Its owner may do all of it.
	must[bool](t)(f.social.ToggleVideoLike(ctx, owner, vid))
	if got := must[comments.Page](t)(f.comments.ListOnVideo(ctx, owner, vid, comments.ListInput{})); got.Total != 1 {
		t.Errorf("owner sees %d comments", got.Total)
	}
}

func TestPrivatePlaylistsExistOnlyForTheirOwner(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner, other := f.principal(t, "ada"), f.principal(t, "bo")
	vid := f.published(t, owner, "Song")
	hidden := f.upload(t, owner, "Unreleased").Video.ID()
	private := must[playlists.Owned](t)(f.playlists.CreatePlaylist(ctx, owner, playlist.Details{Name: ptr("Secret"), Published: ptr(false)}))
	public := must[playlists.Owned](t)(f.playlists.CreatePlaylist(ctx, owner, playlist.Details{Name: ptr("Open")}))
	for _, pl := range []id.ID{private.Playlist.ID(), public.Playlist.ID()} {
		must[playlists.Owned](t)(f.playlists.AddVideo(ctx, owner, pl, vid))
		must[playlists.Owned](t)(f.playlists.AddVideo(ctx, owner, pl, hidden))
	}
	if _, err := f.playlists.Playlist(ctx, other, private.Playlist.ID()); !errors.Is(err, playlist.ErrNotFound) {
		t.Errorf("get: %v", err)
	}
	if _, err := f.playlists.EditPlaylist(ctx, other, private.Playlist.ID(), playlist.Details{Name: ptr("x")}); !errors.Is(err, playlist.ErrNotFound) {
		t.Errorf("edit: %v", err)
	}
	if _, err := f.playlists.EditPlaylist(ctx, other, public.Playlist.ID(), playlist.Details{Name: ptr("x")}); !errors.Is(err, playlists.ErrNotYourPlaylist) {
		t.Errorf("edit public: %v", err)
	}
	d := must[playlists.Detail](t)(f.playlists.Playlist(ctx, other, public.Playlist.ID()))
	if len(d.Videos) != 1 || d.Videos[0].Video.ID() != vid {
		t.Errorf("another user sees %d videos, want only the published one", len(d.Videos))
	}
	theirs := must[playlists.Page](t)(f.playlists.UserPlaylists(ctx, other, owner.UserID, 1, 10))
	if len(theirs.Items) != 1 || theirs.Items[0].Videos != 1 {
		t.Errorf("another user's list of them: %+v", theirs.Items)
	}
	mine := must[playlists.Page](t)(f.playlists.MyPlaylists(ctx, owner, 1, 10))
	if len(mine.Items) != 2 || mine.Items[0].Videos != 2 {
		t.Errorf("the owner's list: %+v", mine.Items)
	}
}

func TestProfileFiguresAndHiddenAccounts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ada, bo := f.principal(t, "ada"), f.principal(t, "bo")
	vid := f.published(t, ada, "One")
	f.upload(t, ada, "Draft")
	must[bool](t)(f.social.ToggleVideoLike(ctx, bo, vid))
	must[bool](t)(f.social.ToggleFollow(ctx, bo, ada.UserID))
	must[any](t)(f.videos.GetVideo(ctx, bo, vid))
	got := must[profiles.Profile](t)(f.profiles.ProfileOf(ctx, bo, "  ADA "))
	if got.Followers != 1 || got.Following != 0 || got.TotalViews != 1 || got.TotalLikes != 1 || !got.FollowedByMe {
		t.Fatalf("profile %+v", got)
	}
	stats := must[profiles.Stats](t)(f.profiles.DashboardStats(ctx, ada))
	if stats.Videos != 2 || stats.Views != 1 || stats.Followers != 1 || stats.Likes != 1 {
		t.Fatalf("stats %+v", stats)
	}
	if _, err := f.social.ToggleFollow(ctx, ada, ada.UserID); err == nil {
		t.Fatal("followed oneself")
	}
	// An account still to be verified is not found by others.
	if err := f.accounts.Register(ctx, registerInput("cy")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.profiles.ProfileOf(ctx, bo, "cy"); !errors.Is(err, user.ErrNotFound) {
		t.Fatalf("unverified profile: %v", err)
	}
	found := must[[]*user.User](t)(f.profiles.SearchUsers(ctx, "Y", 1, 10))
	if len(found) != 0 {
		t.Fatalf("search found the unverified account: %v", found)
	}
	if found := must[[]*user.User](t)(f.profiles.SearchUsers(ctx, "A", 1, 10)); len(found) != 1 || found[0].ID() != ada.UserID {
		t.Fatalf("search for a: %v", found)
	}
}

func TestEmailChangeTakesTheMailedCode(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ada := f.principal(t, "ada")
	f.principal(t, "bo")
	if _, err := f.accounts.RequestEmailChange(ctx, ada, "bo@example.com"); err == nil {
		t.Fatal("moved to a taken address")
	}
	if res, err := f.accounts.RequestEmailChange(ctx, ada, "ada@new.example"); err != nil || !res.Sent {
		t.Fatal(res, err)
	}
	f.mail.mu.Lock()
	to := f.mail.msgs[len(f.mail.msgs)-1].To
	f.mail.mu.Unlock()
	if to != "ada@new.example" {
		t.Fatalf("code mailed to %s", to)
	}
	u := must[*user.User](t)(f.accounts.ConfirmEmailChange(ctx, ada, f.mail.code(t)))
	if u.Email() != "ada@new.example" {
		t.Fatalf("email %s", u.Email())
	}
	if _, err := f.accounts.ConfirmEmailChange(ctx, ada, f.mail.code(t)); err == nil {
		t.Fatal("the code worked twice")
	}
}

func ptr[T any](v T) *T { return &v }

func second[T any](_ T, err error) error { return err }

func registerInput(name string) accounts.RegisterInput {
	return accounts.RegisterInput{Name: name, Email: name + "@example.com", Username: name, Password: "Secret123"}
}

// A full playlist refuses one more video and still shows in one read of
// its owners: a thousand videos by many creators.
func TestFullPlaylist(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ada := f.principal(t, "ada")
	pl := must[playlists.Owned](t)(f.playlists.CreatePlaylist(ctx, ada, playlist.Details{Name: ptr("Full")}))
	owners := []id.ID{ada.UserID, f.principal(t, "bo").UserID, f.principal(t, "cy").UserID}
	ids, _ := id.NewGenerator(f.clock.Now, nil)
	add := func(i int) error {
		v, err := video.New(video.NewParams{
			ID: ids.New(), Owner: owners[i%len(owners)], File: video.Media{URL: "u", Key: fmt.Sprint("k", i)},
			Title: fmt.Sprint("V", i), Duration: 1, Now: f.clock.Now(),
		})
		if err != nil {
			return err
		}
		v.TogglePublished(f.clock.Now())
		if err := f.store.Videos().Create(ctx, v); err != nil {
			return err
		}
		_, err = f.playlists.AddVideo(ctx, ada, pl.Playlist.ID(), v.ID())
		return err
	}
	for i := range playlist.MaxVideos {
		if err := add(i); err != nil {
			t.Fatalf("video %d: %v", i, err)
		}
	}
	if err := add(playlist.MaxVideos); !errors.Is(err, playlist.ErrFull) {
		t.Fatalf("one video too many: %v", err)
	}
	d := must[playlists.Detail](t)(f.playlists.Playlist(ctx, ada, pl.Playlist.ID()))
	if len(d.Videos) != playlist.MaxVideos || d.Owner == nil {
		t.Fatalf("%d videos, owner %v", len(d.Videos), d.Owner)
	}
	for i, v := range d.Videos {
		if v.Owner == nil || v.Owner.ID() != owners[i%len(owners)] {
			t.Fatalf("video %d: owner %v", i, v.Owner)
		}
	}
}
