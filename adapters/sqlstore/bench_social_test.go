package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// The benchmarks below measure the store reads behind one page each, as
// the use cases make them, on the data set of bench_seed_test.go. Each
// page should take well under 2 ms on a small machine.

// forEachBenchBackend runs f as one sub-benchmark per backend, on the
// backend's seeded database.
func forEachBenchBackend(b *testing.B, f func(b *testing.B, db *DB)) {
	for _, name := range []string{DialectSQLite, DialectPostgres} {
		b.Run(name, func(b *testing.B) { f(b, seededDB(b, name).db) })
	}
}

// benchPage checks one run of page, then times it.
func benchPage(b *testing.B, page func(ctx context.Context) error) {
	b.Helper()
	ctx := context.Background()
	if err := page(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := page(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// wantFull checks that a page has the items a full page has, so that a
// benchmark never times an empty read.
func wantFull(n, total int) error {
	if n != 20 || total <= 20 {
		return fmt.Errorf("page of %d items out of %d, want 20 out of more", n, total)
	}
	return nil
}

// videoPage makes the read of app/videos listVideos: the page with its
// figures (owners, like counts, the viewer's likes), in one statement.
func videoPage(ctx context.Context, db *DB, viewer id.ID, q video.Query) (video.Page, error) {
	page, _, err := db.VideoPages().ListFigured(ctx, q, viewer)
	if err != nil {
		return video.Page{}, err
	}
	return page, wantFull(len(page.Items), page.Total)
}

// videoPageTwoReads reads what videoPage reads as two statements, the page
// and then its figures, as the lists did before app.VideoPages.
func videoPageTwoReads(ctx context.Context, db *DB, viewer id.ID, q video.Query) (video.Page, error) {
	page, err := db.Videos().List(ctx, q)
	if err != nil {
		return video.Page{}, err
	}
	if _, err := app.ReadFigures(ctx, db.FigureReader(), viewer, like.OnVideo, page.Items); err != nil {
		return video.Page{}, err
	}
	return page, wantFull(len(page.Items), page.Total)
}

// publicList is the query of the public list: published, newest first.
func publicList(page int) video.Query {
	return video.Query{PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true, Limit: 20, Page: page}
}

func BenchmarkVideoListPage(b *testing.B) {
	reads := []struct {
		name string
		read func(context.Context, *DB, id.ID, video.Query) (video.Page, error)
	}{{"one", videoPage}, {"two", videoPageTwoReads}}
	forEachBenchBackend(b, func(b *testing.B, db *DB) {
		// The page a cursor from page 49 continues to: page 50 again, by
		// keyset.
		prev, err := db.Videos().List(b.Context(), publicList(49))
		if err != nil || len(prev.Items) == 0 {
			b.Fatalf("page 49: %d items, %v", len(prev.Items), err)
		}
		after := publicList(1)
		pos := video.PositionOf(prev.Items[len(prev.Items)-1])
		after.After = &pos
		for _, r := range reads {
			for _, c := range []struct {
				name string
				q    video.Query
			}{{"page1", publicList(1)}, {"page50", publicList(50)}, {"after49", after}} {
				b.Run(c.name+"/reads="+r.name, func(b *testing.B) {
					benchPage(b, func(ctx context.Context) error {
						_, err := r.read(ctx, db, benchViewer, c.q)
						return err
					})
				})
			}
		}
	})
}

// profile makes the reads of app/profiles ProfileOf.
func profile(ctx context.Context, db *DB, viewer id.ID, username string) error {
	u, err := db.Users().ByUsername(ctx, user.Username(username))
	if err != nil {
		return err
	}
	if _, err := db.Follows().Counts(ctx, []id.ID{u.ID()}); err != nil {
		return err
	}
	totals, err := db.Videos().Totals(ctx, u.ID(), true)
	if err != nil {
		return err
	}
	if _, err := db.Likes().OnVideosOf(ctx, u.ID(), true); err != nil {
		return err
	}
	if _, err := db.Follows().Follows(ctx, viewer, []id.ID{u.ID()}); err != nil {
		return err
	}
	if totals.Videos == 0 {
		return fmt.Errorf("%s has no published videos", username)
	}
	return nil
}

func BenchmarkProfile(b *testing.B) {
	forEachBenchBackend(b, func(b *testing.B, db *DB) {
		for _, c := range []struct {
			name string
			user int
		}{{"typical", benchTypicalUser}, {"top", benchTopUser}} {
			b.Run(c.name, func(b *testing.B) {
				benchPage(b, func(ctx context.Context) error { return profile(ctx, db, benchViewer, benchUsername(c.user)) })
			})
		}
	})
}

// commentPage makes the reads of app/comments list on a video: the video
// (its visibility), the page, then the authors and like figures.
func commentPage(ctx context.Context, db *DB, viewer, videoID id.ID, w list.Window) (list.Page[*comment.Comment], error) {
	if _, err := db.Videos().ByID(ctx, videoID); err != nil {
		return list.Page[*comment.Comment]{}, err
	}
	page, err := db.Comments().List(ctx, comment.Query{Parent: comment.Parent{Kind: comment.OnVideo, ID: videoID}, Window: w})
	if err != nil {
		return list.Page[*comment.Comment]{}, err
	}
	if _, err := app.ReadFigures(ctx, db.FigureReader(), viewer, like.OnComment, page.Items); err != nil {
		return list.Page[*comment.Comment]{}, err
	}
	return page, wantFull(len(page.Items), page.Total)
}

func BenchmarkCommentListPage(b *testing.B) {
	forEachBenchBackend(b, func(b *testing.B, db *DB) {
		hot := benchHotVideo()
		b.Run("page1", func(b *testing.B) {
			benchPage(b, func(ctx context.Context) error {
				_, err := commentPage(ctx, db, benchViewer, hot, list.Window{Limit: 20, Page: 1})
				return err
			})
		})
		// The page a cursor from page 49 continues to.
		b.Run("after49", func(b *testing.B) {
			prev, err := commentPage(b.Context(), db, benchViewer, hot, list.Window{Limit: 20, Page: 49})
			if err != nil {
				b.Fatalf("page 49: %v", err)
			}
			last := prev.Items[len(prev.Items)-1]
			w := list.Window{Limit: 20, After: &list.Position{At: last.CreatedAt(), ID: last.ID()}}
			benchPage(b, func(ctx context.Context) error {
				_, err := commentPage(ctx, db, benchViewer, hot, w)
				return err
			})
		})
	})
}

func BenchmarkSubscriptionFeed(b *testing.B) {
	forEachBenchBackend(b, func(b *testing.B, db *DB) {
		q := publicList(1)
		q.FollowedBy = benchViewer
		benchPage(b, func(ctx context.Context) error {
			_, err := videoPage(ctx, db, benchViewer, q)
			return err
		})
	})
}
