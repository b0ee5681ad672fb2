package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/media"
)

// keyName matches the last segment of a media key: 128 random bits in hex
// and an extension.
var keyName = regexp.MustCompile(`^[0-9a-f]{32}\.(mp4|mov|jpg|png|webp)$`)

// recordingReader hands out crypto/rand bytes and keeps a copy of them.
type recordingReader struct {
	mu   sync.Mutex
	seen []byte
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := rand.Read(p)
	r.mu.Lock()
	r.seen = append(r.seen, p[:n]...)
	r.mu.Unlock()
	return n, err
}

func (r *recordingReader) handedOut(b []byte) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Contains(r.seen, b)
}

func TestMediaKeysCarryRandomNames(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	random := &recordingReader{}
	a := f.with(t, func(d *deps) { d.uploads.Random = random })
	var keys []string
	for range 2 {
		m, err := a.uploads.StoreUpload(ctx, p, uploads.KindThumbnail, bytes.NewReader(fixtureFile(t, "image.png")))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, m.Key)
	}
	g, err := a.uploads.SignUpload(ctx, p, uploads.SignUploadInput{Kind: "avatar", ContentType: "image/png", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	keys = append(keys, g.Key)
	seen := map[string]bool{}
	for _, key := range keys {
		name := key[strings.LastIndexByte(key, '/')+1:]
		if !keyName.MatchString(name) {
			t.Fatalf("key %q: its name is not 32 hex digits", key)
		}
		// The name is 128 bits the random source handed out, nothing
		// computed from ids, times or counters.
		raw, _ := hex.DecodeString(name[:32])
		if !random.handedOut(raw) {
			t.Errorf("key %q was not drawn from the random source", key)
		}
		if seen[name] {
			t.Errorf("key name %q drawn twice", name)
		}
		seen[name] = true
	}
}

// trashed returns what the trash holds, whenever due, by key.
func (f *fixture) trashed(t *testing.T) map[string]media.TrashItem {
	t.Helper()
	items, err := f.store.Trash().Due(context.Background(), f.clock.Now().Add(1000*time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]media.TrashItem{}
	for _, it := range items {
		out[it.Key] = it
	}
	return out
}

func TestStreamedUploadIsReservedUntilItsRowIsWritten(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	file, thumb := f.storeFiles(t, p, "moov-first.mp4")
	// Stored but not yet part of a video: reserved, as a crash here would
	// leave them.
	for _, key := range []string{file.Key, thumb.Key} {
		if it := f.trashed(t)[key]; it.State != media.TrashPending || !it.DueAt.After(f.clock.Now().Add(time.Hour)) {
			t.Fatalf("%s in the trash as %+v, want pending for longer than an hour", key, it)
		}
	}
	if _, err := f.videos.CreateVideo(ctx, p, videos.CreateVideoInput{Title: "Kept", Video: file, Thumbnail: thumb}); err != nil {
		t.Fatal(err)
	}
	// Claimed: the sweeper will check that the video took them.
	for _, key := range []string{file.Key, thumb.Key} {
		if it := f.trashed(t)[key]; it.State != media.TrashClaimed {
			t.Fatalf("%s after the video was written: %+v", key, it)
		}
	}

	// The request died between storing and writing the row: once the
	// reservation lapses, the sweeper deletes the orphan, and only it.
	orphan, err := f.uploads.StoreUpload(ctx, p, uploads.KindVideo, bytes.NewReader(fixtureFile(t, "moov-first.mp4")))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 0 {
		t.Fatalf("sweep before the reservation lapsed: %d %v", n, err)
	}
	f.clock.Advance(f.trashed(t)[orphan.Key].DueAt.Sub(f.clock.Now()))
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 1 {
		t.Fatalf("sweep after the reservation lapsed: %d %v", n, err)
	}
	keys := f.media.Keys()
	if len(keys) != 2 || !contains(keys, file.Key) || !contains(keys, thumb.Key) {
		t.Fatalf("objects left: %v", keys)
	}
	// The video's claims are confirmed and forgotten; its files stay.
	if left := f.trashed(t); len(left) != 0 {
		t.Fatalf("trash after the sweep: %v", left)
	}
	// A reaped upload can no longer become a video.
	if _, err := f.videos.CreateVideo(ctx, p, videos.CreateVideoInput{Title: "Late", Video: orphan, Thumbnail: thumb}); !errors.Is(err, uploads.ErrUploadLapsed) {
		t.Fatalf("a reaped upload: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestDirectUploadGrantIsWatchedUntilItLapses(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	vid, img := fixtureFile(t, "moov-first.mp4"), fixtureFile(t, "image.png")
	gv, err := f.uploads.SignUpload(ctx, p, uploads.SignUploadInput{Kind: "video", ContentType: "video/mp4", Size: int64(len(vid))})
	if err != nil {
		t.Fatal(err)
	}
	gt, err := f.uploads.SignUpload(ctx, p, uploads.SignUploadInput{Kind: "thumbnail", ContentType: "image/png", Size: int64(len(img))})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{gv.Key, gt.Key} {
		if ok, err := f.uploads.UploadPending(ctx, key); err != nil || !ok {
			t.Fatalf("a signed key is not pending: %v %v", ok, err)
		}
	}
	f.media.PutDirect(gv.Key, "video/mp4", vid)
	f.media.PutDirect(gt.Key, "image/png", img)
	v, err := f.videos.FinalizeVideo(ctx, p, videos.FinalizeVideoInput{Title: "Direct", VideoKey: gv.Key, ThumbnailKey: gt.Key})
	if err != nil {
		t.Fatal(err)
	}
	// Claimed: the upload endpoint must refuse the grant from now on.
	for _, key := range []string{gv.Key, gt.Key} {
		if ok, err := f.uploads.UploadPending(ctx, key); err != nil || ok {
			t.Fatalf("a claimed key is still pending: %v %v", ok, err)
		}
	}
	if err := f.videos.DeleteVideo(ctx, p, v.Video.ID()); err != nil {
		t.Fatal(err)
	}
	if keys := f.media.Keys(); len(keys) != 0 {
		t.Fatalf("objects left after the delete: %v", keys)
	}
	// A storage that does not ask the core (a signed cloud URL) takes the
	// still valid grant and brings the file back; it is deleted again
	// once the grant has lapsed.
	f.media.PutDirect(gv.Key, "video/mp4", vid)
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 0 {
		t.Fatalf("sweep while the grant lives: %d %v", n, err)
	}
	f.clock.Advance(gv.Target.ExpiresAt.Sub(f.clock.Now()))
	if n, err := f.uploads.SweepTrash(ctx); err != nil || n != 2 {
		t.Fatalf("sweep after the grant lapsed: %d %v", n, err)
	}
	if keys := f.media.Keys(); len(keys) != 0 {
		t.Fatalf("a re-uploaded file survived: %v", keys)
	}
	if left := f.trashed(t); len(left) != 0 {
		t.Fatalf("trash not empty: %v", left)
	}
}

func TestRacingFinalizesMakeOneVideo(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, "ada")
	ctx := context.Background()
	vid, img := fixtureFile(t, "moov-first.mp4"), fixtureFile(t, "image.png")
	gv, _ := f.uploads.SignUpload(ctx, p, uploads.SignUploadInput{Kind: "video", ContentType: "video/mp4", Size: int64(len(vid))})
	gt, _ := f.uploads.SignUpload(ctx, p, uploads.SignUploadInput{Kind: "thumbnail", ContentType: "image/png", Size: int64(len(img))})
	f.media.PutDirect(gv.Key, "video/mp4", vid)
	f.media.PutDirect(gt.Key, "image/png", img)
	const n = 10
	errc := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := f.videos.FinalizeVideo(ctx, p, videos.FinalizeVideoInput{Title: "Race", VideoKey: gv.Key, ThumbnailKey: gt.Key})
			errc <- err
		})
	}
	wg.Wait()
	close(errc)
	won := 0
	for err := range errc {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, uploads.ErrUploadKey):
			t.Fatalf("a losing finalize: %v", err)
		}
	}
	page, err := f.videos.MyVideos(ctx, p, 1, 10, "")
	if won != 1 || err != nil || page.Total != 1 {
		t.Fatalf("%d finalizes won, %d videos (%v)", won, page.Total, err)
	}
	if keys := f.media.Keys(); len(keys) != 2 {
		t.Fatalf("objects: %v", keys)
	}
}

// withMovieDuration returns the mvhd-v1 fixture claiming dur units of
// timescale.
func withMovieDuration(t *testing.T, timescale uint32, dur uint64) []byte {
	t.Helper()
	b := bytes.Clone(fixtureFile(t, "mvhd-v1.mp4"))
	i := bytes.Index(b, []byte("mvhd"))
	if i < 0 || b[i+4] != 1 {
		t.Fatal("fixture has no version 1 mvhd")
	}
	binary.BigEndian.PutUint32(b[i+24:], timescale)
	binary.BigEndian.PutUint64(b[i+28:], dur)
	return b
}

func TestVideoDurationIsBounded(t *testing.T) {
	f := newFixture(t) // MaxVideoDuration is 24h
	p := f.principal(t, "ada")
	ctx := context.Background()
	day := uint64(24 * time.Hour / time.Second)
	for _, tc := range []struct {
		name      string
		timescale uint32
		dur       uint64
		ok        bool
	}{
		{"a day exactly", 1000, day * 1000, true},
		{"a millisecond over a day", 1000, day*1000 + 1, false},
		{"2^64-2 seconds", 1, 1<<64 - 2, false},
	} {
		got, err := f.uploads.StoreUpload(ctx, p, uploads.KindVideo, bytes.NewReader(withMovieDuration(t, tc.timescale, tc.dur)))
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case !tc.ok && (errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "longer than the 24h limit")):
			t.Errorf("%s: got %+v, %v; want 400 longer than the 24h limit", tc.name, got, err)
		}
	}
	if keys := f.media.Keys(); len(keys) != 1 {
		t.Fatalf("refused videos stayed in storage: %v", keys)
	}
}
