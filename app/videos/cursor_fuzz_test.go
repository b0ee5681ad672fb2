package videos

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// cursorService is just enough of the service to seal and open cursors.
func cursorService(key string) *Service {
	c, err := app.NewCursors([]byte(strings.Repeat(key, 32)))
	if err != nil {
		panic(err)
	}
	return &Service{cursors: c}
}

// FuzzDecodeCursor feeds the decoder arbitrary cursors: it never panics,
// refuses everything it did not seal, and what it accepts is a position
// every store can take.
func FuzzDecodeCursor(f *testing.F) {
	a := cursorService("k")
	pos := video.Position{ID: "0123456789abcdef01234567", CreatedAt: time.UnixMilli(1_700_000_000_000), Views: 7, Duration: 1.5, Title: "Clip"}
	for _, sort := range []video.SortField{video.SortCreatedAt, video.SortViews, video.SortDuration, video.SortTitle} {
		f.Add(a.encodeCursor(pos, sort, true), string(sort), true)
	}
	f.Add("", "createdAt", true)
	f.Add("eyJzIjoidGl0bGUiLCJkIjp0cnVlLCJuIjoiYVx1MDAwMGIifQ", "title", true)
	f.Add("e30.AAAAAAAAAAAAAAAAAAAAAA", "views", false)
	f.Fuzz(func(t *testing.T, cursor, sort string, desc bool) {
		p, err := a.decodeCursor(cursor, video.SortField(sort), desc)
		if err != nil {
			if !errors.Is(err, app.ErrBadCursor) {
				t.Fatalf("error %v is not ErrBadCursor", err)
			}
			return
		}
		if !id.Valid(p.ID.String()) || p.Views < 0 || p.Duration < 0 || math.IsInf(p.Duration, 0) || math.IsNaN(p.Duration) ||
			!utf8.ValidString(p.Title) || strings.ContainsRune(p.Title, 0) ||
			p.CreatedAt.Before(time.Unix(0, 0)) || p.CreatedAt.Year() > 9999 {
			t.Fatalf("accepted an unusable position %+v", p)
		}
		// Whatever was accepted was sealed by this key: it re-encodes to
		// a cursor that decodes to the same position.
		again, err := a.decodeCursor(a.encodeCursor(p, video.SortField(sort), desc), video.SortField(sort), desc)
		if err != nil || again != p {
			t.Fatalf("round trip of %+v: %+v, %v", p, again, err)
		}
	})
}

func TestCursorRoundTripAndTampering(t *testing.T) {
	a, other := cursorService("k"), cursorService("o")
	pos := video.Position{ID: "0123456789abcdef01234567", Title: "Title with \"quotes\" and ü"}
	c := a.encodeCursor(pos, video.SortTitle, false)
	got, err := a.decodeCursor(c, video.SortTitle, false)
	if err != nil || got.ID != pos.ID || got.Title != pos.Title {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if _, err := other.decodeCursor(c, video.SortTitle, false); !errors.Is(err, app.ErrBadCursor) {
		t.Fatalf("a cursor sealed with another key was accepted: %v", err)
	}
	for i := range c {
		flipped := []byte(c)
		flipped[i] ^= 1
		if _, err := a.decodeCursor(string(flipped), video.SortTitle, false); err == nil {
			t.Fatalf("a cursor changed at byte %d was accepted", i)
		}
	}
}
