package videos

import (
	"math"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
)

// videoCursor is the decoded form of a video list's cursor. It names the
// order it was made for, so that a cursor of one order is refused by
// another.
type videoCursor struct {
	Sort  video.SortField `json:"s"`
	Desc  bool            `json:"d"`
	ID    id.ID           `json:"i"`
	Time  int64           `json:"t,omitempty"` // createdAt, Unix milliseconds
	Views int64           `json:"v,omitempty"`
	Dur   float64         `json:"u,omitempty"`
	Title string          `json:"n,omitempty"`
}

func (s *Service) encodeCursor(p video.Position, sort video.SortField, desc bool) string {
	c := videoCursor{Sort: sort, Desc: desc, ID: p.ID}
	switch sort {
	case video.SortCreatedAt:
		c.Time = p.CreatedAt.UnixMilli()
	case video.SortViews:
		c.Views = p.Views
	case video.SortDuration:
		c.Dur = p.Duration
	case video.SortTitle:
		c.Title = p.Title
	}
	return s.cursors.Seal(c)
}

// maxCursorTime is the last millisecond of year 9999: every store can
// compare with any instant up to it.
const maxCursorTime = 253402300799999

// decodeCursor opens a cursor and checks every value it carries against
// what a real position can hold, so that even a cursor signed with a
// leaked key cannot take a store out of its range.
func (s *Service) decodeCursor(token string, sort video.SortField, desc bool) (video.Position, error) {
	var c videoCursor
	if err := s.cursors.Open(token, &c); err != nil {
		return video.Position{}, err
	}
	switch {
	case c.Sort != sort, c.Desc != desc, !id.Valid(string(c.ID)),
		c.Time < 0, c.Time > maxCursorTime, c.Views < 0,
		math.IsNaN(c.Dur), math.IsInf(c.Dur, 0), c.Dur < 0,
		!text.Storable(c.Title), len(c.Title) > 4*video.MaxTitleLen:
		return video.Position{}, app.ErrBadCursor
	}
	return video.Position{
		ID: c.ID, CreatedAt: time.UnixMilli(c.Time).UTC(), Views: c.Views, Duration: c.Dur, Title: c.Title,
	}, nil
}
