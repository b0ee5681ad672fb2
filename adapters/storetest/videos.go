package storetest

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// TestVideos checks a video.Repository. newRepos returns empty repositories
// each time it is called; videos belong to stored accounts.
func TestVideos(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	t.Run("UsesMedia", func(t *testing.T) { testUsesMedia(t, newRepos) })
	t.Run("CreateAndGetEveryField", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		empty, text := "", "  spaces kept, 'quotes', \"doubles\", ünïcødé ✓ \\ % _ "
		cases := []struct {
			desc      *string
			duration  float64
			views     int64
			published bool
		}{
			{nil, 0, 0, false},
			{&empty, 0.1, 42, true},
			{&text, 1.0 / 3, 1 << 40, false},
			{nil, 7201.123456789012, math.MaxInt32 + 1, true},
			{&empty, 5e-324, 1, true}, // the smallest double: REAL/double precision must keep every bit
			{&text, 1.7976931348623157e308, 2, false},
		}
		var created []*video.Video
		for i, c := range cases {
			when := time.Date(2025, 12, 31, 23, 59, 59, 999_999_999, time.UTC).Add(time.Duration(i) * time.Hour)
			v := video.FromStored(video.Stored{
				ID: testID(100 + i), Owner: owner,
				File:      video.Media{URL: fmt.Sprintf("https://cdn.example.com/v/%d.mp4", i), Key: fmt.Sprintf("videos/%d.mp4", i)},
				Thumbnail: video.Media{URL: fmt.Sprintf("https://cdn.example.com/t/%d.jpg", i), Key: fmt.Sprintf("thumbs/%d 'q'.jpg", i)},
				Title:     fmt.Sprintf("Title %d — ✓ 'q'", i), Description: c.desc, Duration: c.duration,
				Views: c.views, Published: c.published, CreatedAt: when, UpdatedAt: when.Add(1500 * time.Millisecond),
			})
			mustNil(t, videos.Create(t.Context(), v), "Create")
			created = append(created, v)
		}
		for i, want := range created {
			got, err := videos.ByID(t.Context(), want.ID())
			mustNil(t, err, "ByID")
			if got.Duration() != want.Duration() {
				t.Fatalf("case %d: Duration = %v, want exactly %v", i, got.Duration(), want.Duration())
			}
			wantSameVideo(t, got, want, fmt.Sprintf("case %d", i))
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		mustCreateVideos(t, videos, newVideo(vid{n: 1, owner: owner}))
		missing := newVideo(vid{n: 2, owner: owner})
		_, err := videos.ByID(t.Context(), missing.ID())
		wantIs(t, err, video.ErrNotFound, "ByID")
		wantIs(t, putVideo(t.Context(), videos, missing), video.ErrNotFound, "Update")
		_, err = videos.ByID(t.Context(), missing.ID())
		wantIs(t, err, video.ErrNotFound, "Update must not insert")
		wantIs(t, videos.Delete(t.Context(), missing.ID()), video.ErrNotFound, "Delete")
	})

	t.Run("UpdateWritesMutableFieldsOnly", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		other := mustCreateUser(t, users, 2).ID()
		orig := newVideo(vid{n: 1, owner: owner, views: 3, duration: 60})
		mustCreateVideos(t, videos, orig)
		stale, err := videos.ByID(t.Context(), orig.ID())
		mustNil(t, err, "ByID")
		// A view counted after stale was read must survive stale's Update.
		_, _, err = videos.RecordView(t.Context(), orig.ID(), testID(500), at(time.Minute), time.Hour)
		mustNil(t, err, "RecordView")

		now := at(time.Hour)
		mustNil(t, stale.Edit("  New title  ", ptr("new description"), now), "Edit")
		stale.ReplaceThumbnail(video.Media{URL: "https://cdn.example.com/new.jpg", Key: "thumbs/new.jpg"}, now)
		stale.TogglePublished(now.Add(time.Millisecond))
		// Fields Update must not write, changed behind the domain's back.
		changed := withVideo(stale, func(s *video.Stored) {
			s.Owner, s.File, s.Duration, s.Views = other, video.Media{URL: "u", Key: "k"}, 1, 999
			s.CreatedAt = at(-time.Hour)
		})
		mustNil(t, putVideo(t.Context(), videos, changed), "Update")

		got, err := videos.ByID(t.Context(), orig.ID())
		mustNil(t, err, "ByID")
		want := withVideo(stale, func(s *video.Stored) { s.Views = 4 })
		wantSameVideo(t, got, want, "after Update")
	})

	t.Run("UpdateDescriptionStates", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		v := newVideo(vid{n: 1, owner: owner})
		mustCreateVideos(t, videos, v)
		for i, d := range []*string{ptr("text"), ptr(""), nil} {
			v = withVideo(v, func(s *video.Stored) { s.Description = d })
			mustNil(t, putVideo(t.Context(), videos, v), "Update")
			got, err := videos.ByID(t.Context(), v.ID())
			mustNil(t, err, "ByID")
			wantSameVideo(t, got, v, fmt.Sprintf("description state %d (%s)", i, bioText(d)))
		}
	})

	t.Run("Delete", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		gone, kept := newVideo(vid{n: 1, owner: owner}), newVideo(vid{n: 2, owner: owner})
		mustCreateVideos(t, videos, gone, kept)
		mustNil(t, videos.Delete(t.Context(), gone.ID()), "Delete")
		_, err := videos.ByID(t.Context(), gone.ID())
		wantIs(t, err, video.ErrNotFound, "ByID after Delete")
		wantIs(t, videos.Delete(t.Context(), gone.ID()), video.ErrNotFound, "Delete again")
		wantIs(t, putVideo(t.Context(), videos, gone), video.ErrNotFound, "Update after Delete")
		got, err := videos.ByID(t.Context(), kept.ID())
		mustNil(t, err, "ByID of the other video")
		wantSameVideo(t, got, kept, "the other video")
	})

	t.Run("ValuesAreCopied", func(t *testing.T) {
		users, videos := newRepos(t)
		v := newVideo(vid{n: 1, owner: mustCreateUser(t, users, 1).ID(), desc: ptr("before")})
		mustNil(t, videos.Create(t.Context(), v), "Create")
		// Stored shares the description pointer (see TestUsers/ValuesAreCopied).
		*v.Stored().Description = "written through the created value"
		got, err := videos.ByID(t.Context(), v.ID())
		mustNil(t, err, "ByID")
		*got.Stored().Description = "written through a read value"
		again, err := videos.ByID(t.Context(), v.ID())
		mustNil(t, err, "ByID")
		if d, _ := again.Description(); d != "before" {
			t.Fatalf("stored description changed to %q", d)
		}
	})

	testVideoLists(t, newRepos)
	testVideoSearch(t, newRepos)
	testVideoCursors(t, newRepos)
	testVideoViews(t, newRepos)
}

// vid describes a test video; zero fields get defaults.
type vid struct {
	n         int // the id is testID(n)
	owner     id.ID
	title     string // "Video <n>" when empty
	desc      *string
	created   time.Duration // created at at(created)
	views     int64
	duration  float64
	published bool
}

// newVideo builds a video in any state, as a store would rebuild it.
func newVideo(v vid) *video.Video {
	if v.title == "" {
		v.title = fmt.Sprintf("Video %d", v.n)
	}
	return video.FromStored(video.Stored{
		ID: testID(v.n), Owner: v.owner,
		File:      video.Media{URL: fmt.Sprintf("https://cdn.example.com/%d.mp4", v.n), Key: fmt.Sprintf("videos/%d.mp4", v.n)},
		Thumbnail: video.Media{URL: fmt.Sprintf("https://cdn.example.com/%d.jpg", v.n), Key: fmt.Sprintf("thumbs/%d.jpg", v.n)},
		Title:     v.title, Description: v.desc, Duration: v.duration, Views: v.views, Published: v.published,
		CreatedAt: at(v.created), UpdatedAt: at(v.created),
	})
}

func mustCreateVideos(t *testing.T, repo video.Repository, list ...*video.Video) {
	t.Helper()
	for _, v := range list {
		mustNil(t, repo.Create(t.Context(), v), "Create video "+v.ID().String())
	}
}

// withVideo returns a copy of v changed by f, for states the domain methods
// cannot reach.
func withVideo(v *video.Video, f func(s *video.Stored)) *video.Video {
	s := v.Stored()
	f(&s)
	return video.FromStored(s)
}

func ptr(s string) *string { return &s }

// videoStored is the comparable form of a video at store precision.
func videoStored(v *video.Video) video.Stored {
	s := v.Stored()
	s.CreatedAt, s.UpdatedAt = ms(s.CreatedAt), ms(s.UpdatedAt)
	return s
}

func wantSameVideo(t *testing.T, got, want *video.Video, what string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil video", what)
	}
	g, w := videoStored(got), videoStored(want)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s:\n got %+v (description %s)\nwant %+v (description %s)",
			what, g, bioText(g.Description), w, bioText(w.Description))
	}
	if got.CreatedAt().Location() != time.UTC || got.UpdatedAt().Location() != time.UTC {
		t.Fatalf("%s: times not in UTC: %v, %v", what, got.CreatedAt(), got.UpdatedAt())
	}
}

// videoNums returns the numbers n of testID(n) of the videos, in order; the
// suites name videos by number so that expected orders read easily.
func videoNums(t *testing.T, list []*video.Video) []int {
	t.Helper()
	out := make([]int, len(list))
	for i, v := range list {
		if _, err := fmt.Sscanf(v.ID().String(), "%x", &out[i]); err != nil {
			t.Fatalf("video id %s is not a test id", v.ID())
		}
	}
	return out
}

func wantVideos(t *testing.T, got []*video.Video, want []int, what string) {
	t.Helper()
	if g := videoNums(t, got); !reflect.DeepEqual(g, want) && !(len(g) == 0 && len(want) == 0) {
		t.Fatalf("%s: got videos %v, want %v", what, g, want)
	}
}
