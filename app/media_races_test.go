package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/video"
)

// gatedMedia fails its first ReadRange once release is closed, as a storage
// hiccup or a client gone away would; entered closes when it is reached.
type gatedMedia struct {
	app.MediaStore
	entered, release chan struct{}
}

func (g *gatedMedia) ReadRange(ctx context.Context, key string, off, n int64) ([]byte, error) {
	select {
	case <-g.entered:
		return g.MediaStore.ReadRange(ctx, key, off, n)
	default:
	}
	close(g.entered)
	<-g.release
	return nil, context.Canceled
}

func (f *fixture) directUpload(t *testing.T, p app.Principal, kind, ct, fixture string) string {
	t.Helper()
	data := fixtureFile(t, fixture)
	g, err := f.uploads.SignUpload(context.Background(), p, uploads.SignUploadInput{Kind: kind, ContentType: ct, Size: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	f.media.PutDirect(g.Key, ct, data)
	return g.Key
}

// A finalize whose read of the object fails must not delete it: another
// finalize may have claimed it for its video meanwhile.
func TestFailedCheckLeavesAClaimedUploadAlone(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	vk := f.directUpload(t, p, "video", "video/mp4", "moov-first.mp4")
	tk := f.directUpload(t, p, "thumbnail", "image/png", "image.png")
	g := &gatedMedia{MediaStore: f.media, entered: make(chan struct{}), release: make(chan struct{})}
	slow := f.with(t, func(d *deps) { d.uploads.Media = g })
	done := make(chan error)
	go func() {
		_, err := slow.videos.FinalizeVideo(ctx, p, videos.FinalizeVideoInput{Title: "B", VideoKey: vk, ThumbnailKey: tk})
		done <- err
	}()
	<-g.entered // B passed its pending check and reads the object
	v, err := f.videos.FinalizeVideo(ctx, p, videos.FinalizeVideoInput{Title: "A", VideoKey: vk, ThumbnailKey: tk})
	if err != nil {
		t.Fatal(err)
	}
	close(g.release)
	if err := <-done; err == nil {
		t.Fatal("the racing finalize succeeded too")
	}
	if _, err := f.media.Stat(ctx, v.Video.File().Key); err != nil {
		t.Fatalf("the video's file was deleted by the failed racing finalize: %v", err)
	}
}

// A storage error while checking a direct upload is not a verdict on it:
// the upload stays pending and a retry works.
func TestStorageErrorKeepsADirectUpload(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	key := f.directUpload(t, p, "avatar", "image/png", "image.png")
	g := &gatedMedia{MediaStore: f.media, entered: make(chan struct{}), release: make(chan struct{})}
	close(g.release)
	flaky := f.with(t, func(d *deps) { d.uploads.Media = g })
	if _, err := flaky.profiles.SetProfileImageFromUpload(ctx, p, key); err == nil {
		t.Fatal("want the storage error")
	}
	if _, err := f.profiles.SetProfileImageFromUpload(ctx, p, key); err != nil {
		t.Fatalf("retry after a storage error: %v", err)
	}
}

// sweepingVideos runs the sweeper in the middle of a video's deletion,
// which then fails.
type sweepingVideos struct {
	video.Repository
	sweep func()
}

func (s sweepingVideos) Delete(context.Context, id.ID) error {
	s.sweep()
	return errs.New(errs.Internal, "database down")
}

// A deletion whose row stays must leave the files: neither a sweep during
// the deletion nor one after its keys fall due may delete them.
func TestSweeperSparesTheFilesOfAVideoThatStays(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	v := f.upload(t, p, "Stays")
	failing := f.with(t, func(d *deps) {
		d.videos.Videos = sweepingVideos{d.videos.Videos, func() {
			f.clock.Advance(time.Hour) // even once the keys are due
			if _, err := f.uploads.SweepTrash(ctx); err != nil {
				t.Error(err)
			}
		}}
	})
	if err := failing.videos.DeleteVideo(ctx, p, v.Video.ID()); err == nil {
		t.Fatal("want the failure")
	}
	f.clock.Advance(2 * time.Hour)
	if _, err := f.uploads.SweepTrash(ctx); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{v.Video.File().Key, v.Video.Thumbnail().Key} {
		if _, err := f.media.Stat(ctx, key); err != nil {
			t.Fatalf("the video stays but its file %s is gone: %v", key, err)
		}
	}
	if left := f.trashed(t); len(left) != 0 {
		t.Fatalf("trash after the sweep: %v", left)
	}
}

// A crash after a video's keys were trashed, but before its rows were
// deleted, leaves due keys that rows point at: the sweeper forgets them.
func TestSweeperNeverDeletesAFileInUse(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	v := f.upload(t, p, "Kept")
	if err := f.store.Trash().Add(ctx, f.clock.Now(), v.Video.File().Key, v.Video.Thumbnail().Key); err != nil {
		t.Fatal(err)
	}
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 0 {
		t.Fatalf("sweep deleted %d, %v", n, err)
	}
	if _, err := f.media.Stat(ctx, v.Video.File().Key); err != nil {
		t.Fatalf("a file in use was deleted: %v", err)
	}
	if left := f.trashed(t); len(left) != 0 {
		t.Fatalf("trash after the sweep: %v", left)
	}
}

// crashingVideos dies in the middle of a write, after the core claimed the
// uploads and before the row is stored.
type crashingVideos struct{ video.Repository }

func (crashingVideos) Create(context.Context, *video.Video) error { panic("process killed") }

// Uploads claimed by a request that died before writing its row are
// deleted once the claim is overdue and no row took them.
func TestClaimedUploadsNoRowTookAreReaped(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	file, thumb := f.storeFiles(t, p, "moov-first.mp4")
	crashing := f.with(t, func(d *deps) { d.videos.Videos = crashingVideos{d.videos.Videos} })
	func() {
		defer func() { _ = recover() }()
		_, _ = crashing.videos.CreateVideo(ctx, p, videos.CreateVideoInput{Title: "Lost", Video: file, Thumbnail: thumb})
	}()
	for _, key := range []string{file.Key, thumb.Key} {
		if it := f.trashed(t)[key]; it.State != media.TrashClaimed {
			t.Fatalf("%s after the crash: %+v", key, it)
		}
	}
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 0 {
		t.Fatalf("sweep before the claim is overdue: %d %v", n, err)
	}
	f.clock.Advance(2 * time.Hour)
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 2 {
		t.Fatalf("sweep after the claim is overdue: %d %v", n, err)
	}
	for _, key := range []string{file.Key, thumb.Key} {
		if _, err := f.media.Stat(ctx, key); !errors.Is(err, app.ErrObjectNotFound) {
			t.Fatalf("%s survived: %v", key, err)
		}
	}
}
