package app

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// positionCursor is the decoded form of a cursor into a list ordered by
// time: the list it was made for, so that it is refused by any other, and
// the position.
type positionCursor struct {
	List string `json:"l"`
	Time int64  `json:"t"` // Unix milliseconds
	ID   id.ID  `json:"i"`
}

// maxCursorTime is the last millisecond of year 9999: every store can
// compare with any instant up to it.
const maxCursorTime = 253402300799999

// sealPosition returns the cursor that continues the list named name
// after p. Name a list by everything that selects it ("comments/video/<id>"),
// so that a cursor never continues another list.
func (c *Cursors) sealPosition(name string, p list.Position) string {
	return c.Seal(positionCursor{List: name, Time: p.At.UnixMilli(), ID: p.ID})
}

// openPosition opens a cursor made by sealPosition for the list named name
// and checks its values against what a real position holds, so that even a
// cursor signed with a leaked key cannot take a store out of its range.
func (c *Cursors) openPosition(name, token string) (list.Position, error) {
	var pc positionCursor
	if err := c.Open(token, &pc); err != nil {
		return list.Position{}, err
	}
	if pc.List != name || !id.Valid(string(pc.ID)) || pc.Time < 0 || pc.Time > maxCursorTime {
		return list.Position{}, ErrBadCursor
	}
	return list.Position{At: time.UnixMilli(pc.Time).UTC(), ID: pc.ID}, nil
}

// window builds the window of a list request: a page number, or the
// position an opaque cursor names.
func (c *Cursors) window(name string, page, limit int, cursor string) (list.Window, error) {
	w := list.Window{Page: page, Limit: limit}.Normal()
	if cursor != "" {
		p, err := c.openPosition(name, cursor)
		if err != nil {
			return list.Window{}, err
		}
		w.After = &p
	}
	return w, nil
}

// TimedPage is one page of a list ordered by creation time: the items, the
// window they were read with, and the cursor that continues the list ("" at
// its end).
type TimedPage[T Timed] struct {
	list.Page[T]
	Window     list.Window
	NextCursor string
}

// ReadByTime reads the page of the list named name that a page number or a
// cursor selects, with read, and seals the cursor of the next page.
func ReadByTime[T Timed](ctx context.Context, c *Cursors, name string, page, limit int, cursor string,
	read func(context.Context, list.Window) (list.Page[T], error),
) (TimedPage[T], error) {
	w, err := c.window(name, page, limit, cursor)
	if err != nil {
		return TimedPage[T]{}, err
	}
	p, err := read(ctx, w)
	if err != nil {
		return TimedPage[T]{}, err
	}
	return TimedPage[T]{Page: p, Window: w, NextCursor: nextCursor(c, name, p.Items, p.More)}, nil
}

// Timed is an item of a list ordered by creation time, then id.
type Timed interface {
	ID() id.ID
	CreatedAt() time.Time
}

// nextCursor returns the cursor of the list named name that continues
// after the last of items when more follow, or "" at the end.
func nextCursor[T Timed](c *Cursors, name string, items []T, more bool) string {
	if !more || len(items) == 0 {
		return ""
	}
	last := items[len(items)-1]
	return c.sealPosition(name, list.Position{At: last.CreatedAt(), ID: last.ID()})
}
