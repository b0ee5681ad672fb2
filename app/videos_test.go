package app_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

func fixtureFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/media/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// principal signs up a verified user and returns it as a caller.
func (f *fixture) principal(t *testing.T, name string) app.Principal {
	t.Helper()
	f.verifiedUser(t, name)
	u, err := f.store.Users().ByUsername(context.Background(), user.Username(name))
	if err != nil {
		t.Fatal(err)
	}
	return app.Principal{UserID: u.ID()}
}

// storeFiles streams a video (the named fixture) and a thumbnail for p.
func (f *fixture) storeFiles(t *testing.T, p app.Principal, videoFixture string) (file, thumb uploads.StoredMedia) {
	t.Helper()
	ctx := context.Background()
	file, err := f.uploads.StoreUpload(ctx, p, uploads.KindVideo, bytes.NewReader(fixtureFile(t, videoFixture)))
	if err != nil {
		t.Fatal(err)
	}
	thumb, err = f.uploads.StoreUpload(ctx, p, uploads.KindThumbnail, bytes.NewReader(fixtureFile(t, "image.png")))
	if err != nil {
		t.Fatal(err)
	}
	return file, thumb
}

func (f *fixture) upload(t *testing.T, p app.Principal, title string) videos.VideoView {
	t.Helper()
	file, thumb := f.storeFiles(t, p, "moov-last.mp4")
	v, err := f.videos.CreateVideo(context.Background(), p, videos.CreateVideoInput{Title: title, Video: file, Thumbnail: thumb})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestStoreUploadChecksBytesAndLimits(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	for _, tc := range []struct {
		kind    uploads.MediaKind
		fixture string
		want    error
	}{
		{uploads.KindVideo, "text-as.mp4", uploads.ErrVideoType},
		{uploads.KindVideo, "png-as.mp4", uploads.ErrVideoType},
		{uploads.KindVideo, "empty.mp4", uploads.ErrEmptyUpload},
		{uploads.KindVideo, "truncated.mp4", uploads.ErrNoDuration},
		{uploads.KindThumbnail, "mp4-as.jpg", uploads.ErrThumbnailType},
		{uploads.KindAvatar, "moov-first.mp4", uploads.ErrAvatarType},
	} {
		if _, err := f.uploads.StoreUpload(ctx, p, tc.kind, bytes.NewReader(fixtureFile(t, tc.fixture))); !errors.Is(err, tc.want) {
			t.Errorf("%s as %s: got %v, want %v", tc.fixture, tc.kind, err, tc.want)
		}
	}
	// Over the limit: 413, and the partial object is gone.
	big := append(fixtureFile(t, "image.png"), make([]byte, 64<<10)...)
	_, err := f.uploads.StoreUpload(ctx, p, uploads.KindThumbnail, bytes.NewReader(big))
	if errs.KindOf(err) != errs.TooLarge || !strings.Contains(err.Error(), "Thumbnail exceeds") {
		t.Fatalf("over limit: %v", err)
	}
	if keys := f.media.Keys(); len(keys) != 0 {
		t.Fatalf("objects left behind: %v", keys)
	}
	m, err := f.uploads.StoreUpload(ctx, p, uploads.KindVideo, bytes.NewReader(fixtureFile(t, "moov-last.mp4")))
	if err != nil || m.Duration < 1.45 || m.Duration > 1.55 || !strings.HasPrefix(m.Key, "videos/"+p.UserID.String()+"/") {
		t.Fatalf("good upload: %+v %v", m, err)
	}
}

func TestCreateVideoRefusedDeletesFiles(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	file, _ := f.uploads.StoreUpload(ctx, p, uploads.KindVideo, bytes.NewReader(fixtureFile(t, "moov-first.mp4")))
	thumb, _ := f.uploads.StoreUpload(ctx, p, uploads.KindThumbnail, bytes.NewReader(fixtureFile(t, "image.jpg")))
	_, err := f.videos.CreateVideo(ctx, p, videos.CreateVideoInput{Title: "   ", Video: file, Thumbnail: thumb})
	if errs.KindOf(err) != errs.Invalid {
		t.Fatalf("blank title: %v", err)
	}
	if keys := f.media.Keys(); len(keys) != 0 {
		t.Fatalf("objects left behind: %v", keys)
	}
}

func TestViewsCountOncePerWindowAndNeverForOwner(t *testing.T) {
	f := newFixture(t)
	owner, viewer := f.principal(t, "ada"), f.principal(t, "bob")
	ctx := context.Background()
	v := f.upload(t, owner, "Clip")
	if _, err := f.videos.GetVideo(ctx, viewer, v.Video.ID()); !errors.Is(err, video.ErrNotFound) {
		t.Fatalf("unpublished video seen by a stranger: %v", err)
	}
	if _, err := f.videos.TogglePublish(ctx, owner, v.Video.ID()); err != nil {
		t.Fatal(err)
	}
	views := func(p app.Principal) int64 {
		d, err := f.videos.GetVideo(ctx, p, v.Video.ID())
		if err != nil {
			t.Fatal(err)
		}
		return d.Video.Views()
	}
	if n := views(owner); n != 0 {
		t.Fatalf("owner's view counted: %d", n)
	}
	if n := views(viewer); n != 1 {
		t.Fatalf("first view: %d", n)
	}
	if n := views(viewer); n != 1 {
		t.Fatalf("a second view within the window counted: %d", n)
	}
	f.clock.Advance(time.Hour)
	if n := views(viewer); n != 2 {
		t.Fatalf("after the window: %d", n)
	}
}

func TestDeleteVideoRetriesStorageThroughTrash(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	v := f.upload(t, p, "Clip")
	f.media.SetFailDelete(true)
	if err := f.videos.DeleteVideo(ctx, p, v.Video.ID()); err != nil {
		t.Fatalf("a storage outage must not fail the delete: %v", err)
	}
	if _, err := f.store.Videos().ByID(ctx, v.Video.ID()); !errors.Is(err, video.ErrNotFound) {
		t.Fatal("row left behind")
	}
	if len(f.media.Keys()) != 2 {
		t.Fatal("expected the files to survive the outage")
	}
	if n, _ := f.uploads.SweepTrash(ctx); n != 0 {
		t.Fatal("sweep deleted during the outage")
	}
	f.media.SetFailDelete(false)
	f.clock.Advance(20 * time.Minute) // past the deletion's grace and the first backoff
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 2 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if keys := f.media.Keys(); len(keys) != 0 {
		t.Fatalf("left: %v", keys)
	}
}

func TestFinalizeDirectUpload(t *testing.T) {
	f := newFixture(t)
	p, other := f.principal(t, "ada"), f.principal(t, "bob")
	ctx := context.Background()
	grant := func(kind, ct string, size int) uploads.UploadGrant {
		g, err := f.uploads.SignUpload(ctx, p, uploads.SignUploadInput{Kind: kind, ContentType: ct, Size: int64(size)})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	vid := fixtureFile(t, "moov-first.mp4")
	gv, gt := grant("video", "video/mp4", len(vid)), grant("thumbnail", "image/png", 200)
	in := videos.FinalizeVideoInput{Title: "Direct", VideoKey: gv.Key, ThumbnailKey: gt.Key}

	// Nothing uploaded yet: refused, but the keys stay usable.
	if _, err := f.videos.FinalizeVideo(ctx, p, in); !errors.Is(err, uploads.ErrUploadGone) {
		t.Fatalf("before upload: %v", err)
	}
	f.media.PutDirect(gv.Key, "video/mp4", vid)
	if _, err := f.videos.FinalizeVideo(ctx, p, in); !errors.Is(err, uploads.ErrUploadGone) {
		t.Fatalf("thumbnail missing: %v", err)
	}
	f.media.PutDirect(gt.Key, "image/png", fixtureFile(t, "image.png"))
	if _, err := f.videos.FinalizeVideo(ctx, other, in); !errors.Is(err, uploads.ErrUploadKey) {
		t.Fatalf("another user's keys: %v", err)
	}
	v, err := f.videos.FinalizeVideo(ctx, p, in)
	if err != nil || v.Video.Duration() < 1.95 {
		t.Fatalf("finalize: %v", err)
	}
	if _, err := f.videos.FinalizeVideo(ctx, p, in); !errors.Is(err, uploads.ErrUploadKey) {
		t.Fatalf("second finalize of the same keys: %v", err)
	}
	// An upload nobody finalizes is reaped after its target expires.
	lost := grant("thumbnail", "image/png", 200)
	f.media.PutDirect(lost.Key, "image/png", fixtureFile(t, "image.png"))
	f.clock.Advance(3 * time.Hour)
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 1 {
		t.Fatalf("reaped %d, %v", n, err)
	}
	if len(f.media.Keys()) != 2 {
		t.Fatalf("keys: %v", f.media.Keys())
	}
}

func TestSignUploadRefusals(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	for _, in := range []uploads.SignUploadInput{
		{Kind: "video", ContentType: "image/png", Size: 10},
		{Kind: "thumbnail", ContentType: "text/html", Size: 10},
		{Kind: "video", ContentType: "video/mp4", Size: 0},
	} {
		if _, err := f.uploads.SignUpload(ctx, p, in); errs.KindOf(err) != errs.Invalid {
			t.Errorf("%+v: %v", in, err)
		}
	}
	if _, err := f.uploads.SignUpload(ctx, p, uploads.SignUploadInput{Kind: "video", ContentType: "video/mp4", Size: 2 << 20}); errs.KindOf(err) != errs.TooLarge {
		t.Errorf("over the limit: %v", err)
	}
}

// racingHistory lets a viewer watch the video again right after its
// entries were removed, before the video itself is deleted: once, or
// every time when always is set.
type racingHistory struct {
	video.History
	once   sync.Once
	always bool
	watch  func()
}

func (h *racingHistory) RemoveVideo(ctx context.Context, videoID id.ID) (int, error) {
	n, err := h.History.RemoveVideo(ctx, videoID)
	if h.always {
		h.watch()
	} else {
		h.once.Do(h.watch)
	}
	return n, err
}

// Deleting a video removes what others hold of it first; a history entry
// written in between (by a request that found the video before it was
// hidden) makes the store refuse the video, and the steps run again until
// it goes.
func TestDeleteVideoOutrunsANewHistoryEntry(t *testing.T) {
	f := newFixture(t)
	p, viewer := f.principal(t, "ada"), f.principal(t, "bob")
	ctx := context.Background()
	v := f.upload(t, p, "Watched")
	if _, err := f.videos.TogglePublish(ctx, p, v.Video.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.videos.GetVideo(ctx, viewer, v.Video.ID()); err != nil {
		t.Fatal(err)
	}
	racing := f.with(t, func(d *deps) {
		d.videos.History = &racingHistory{History: d.videos.History, watch: func() {
			if err := f.store.History().Touch(ctx, viewer.UserID, v.Video.ID(), f.clock.Now()); err != nil {
				t.Error(err)
			}
		}}
	})
	if err := racing.videos.DeleteVideo(ctx, p, v.Video.ID()); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := f.store.Videos().ByID(ctx, v.Video.ID()); !errors.Is(err, video.ErrNotFound) {
		t.Fatalf("the video survived: %v", err)
	}
	page, err := f.videos.WatchHistory(ctx, viewer, 1, 10)
	if err != nil || page.Total != 0 {
		t.Fatalf("history after the delete: %d entries, %v", page.Total, err)
	}
}

// Viewers who keep arriving while a video is deleted cannot hold the
// delete off: the video is hidden from them first, so they find nothing
// and add no history entry.
func TestDeleteVideoHidesItFromArrivingViewers(t *testing.T) {
	f := newFixture(t)
	p, viewer := f.principal(t, "ada"), f.principal(t, "bob")
	ctx := context.Background()
	v := f.upload(t, p, "Popular")
	if _, err := f.videos.TogglePublish(ctx, p, v.Video.ID()); err != nil {
		t.Fatal(err)
	}
	arrivals, found := 0, 0
	racing := f.with(t, func(d *deps) {
		d.videos.History = &racingHistory{History: d.videos.History, always: true, watch: func() {
			arrivals++
			_, err := f.videos.GetVideo(ctx, viewer, v.Video.ID())
			switch {
			case err == nil:
				found++
			case !errors.Is(err, video.ErrNotFound):
				t.Error(err)
			}
		}}
	})
	if err := racing.videos.DeleteVideo(ctx, p, v.Video.ID()); err != nil {
		t.Fatalf("delete with viewers arriving: %v", err)
	}
	if arrivals == 0 || found != 0 {
		t.Fatalf("%d of %d arriving viewers still found the video being deleted", found, arrivals)
	}
	if _, err := f.store.Videos().ByID(ctx, v.Video.ID()); !errors.Is(err, video.ErrNotFound) {
		t.Fatalf("the video survived: %v", err)
	}
}

// The core takes a video without a thumbnail (the classic surface allows
// one); deleting it deletes its one file.
func TestVideoWithoutThumbnail(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	file, err := f.uploads.StoreUpload(ctx, p, uploads.KindVideo, bytes.NewReader(fixtureFile(t, "moov-first.mp4")))
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.videos.CreateVideo(ctx, p, videos.CreateVideoInput{Title: "Bare", Video: file})
	if err != nil {
		t.Fatalf("a video without a thumbnail: %v", err)
	}
	if v.Video.Thumbnail() != (video.Media{}) {
		t.Fatalf("thumbnail %+v", v.Video.Thumbnail())
	}
	if err := f.videos.DeleteVideo(ctx, p, v.Video.ID()); err != nil {
		t.Fatal(err)
	}
	if keys := f.media.Keys(); len(keys) != 0 {
		t.Fatalf("left: %v", keys)
	}
}

// The core bounds a search whatever surface asks: a longer one could
// match nothing and only costs the store.
func TestListVideosBoundsTheSearch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.videos.ListVideos(ctx, app.Principal{}, videos.ListInput{Search: strings.Repeat("é", video.MaxSearchLen)}); err != nil {
		t.Fatalf("longest search: %v", err)
	}
	_, err := f.videos.ListVideos(ctx, app.Principal{}, videos.ListInput{Search: strings.Repeat("é", video.MaxSearchLen+1)})
	if !errors.Is(err, video.ErrSearchTooLong) {
		t.Fatalf("longer search: %v", err)
	}
}
