package live

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/domain/id"
)

// Join puts the connection in a video's room. With since, the id of the
// last comment the client saw, it first sends the comments written after
// it (the newest of them that fit in the viewer's queue, at most
// Settings.CatchUp, oldest first) as NewComment events, then the live
// ones, with none missing between the two and none twice.
// video.ErrNotFound when the caller may not see the video.
func (c *Conn) Join(ctx context.Context, videoID, since string) error {
	vid, ok := id.Parse(videoID)
	if !ok {
		return errNoVideo
	}
	var after id.ID
	if since != "" {
		if after, ok = id.Parse(since); !ok {
			return ErrInvalidSince
		}
	}
	c.mu.Lock()
	p := c.p
	_, joined := c.rooms[vid]
	full := !joined && len(c.rooms) >= c.svc.set.MaxRooms
	c.mu.Unlock()
	if full {
		return ErrTooManyRooms
	}
	// Nothing of a room the caller may not see is ever entered.
	if err := c.svc.comments.CheckVideo(ctx, p, vid); err != nil {
		return err
	}
	if after == "" {
		_, err := c.enter(vid, false)
		return err
	}
	// In the room first, holding its events back: whatever is stored from
	// now on is either in the read below or held back, or both.
	entered, err := c.enter(vid, true)
	if err != nil {
		return err
	}
	missed, err := c.svc.comments.Since(ctx, p, vid, after, c.svc.set.CatchUp)
	if err != nil {
		if entered {
			c.Leave(videoID)
		} else {
			c.release(vid, nil)
		}
		return err
	}
	c.release(vid, missed)
	return nil
}

// enter adds the connection to the room, holding its events back when
// catching is set, and reports whether it was not in the room before.
func (c *Conn) enter(vid id.ID, catching bool) (bool, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false, ErrClosed
	}
	m, joined := c.rooms[vid]
	if !joined && len(c.rooms) >= c.svc.set.MaxRooms {
		c.mu.Unlock()
		return false, ErrTooManyRooms
	}
	if !joined {
		m = &membership{}
		c.rooms[vid] = m
	}
	if catching && !m.catching {
		m.catching, m.pending = true, []Event{}
	}
	c.mu.Unlock()
	if !joined {
		c.svc.join(c, vid)
	}
	return !joined, nil
}

// release sends the missed comments, then the events held back meanwhile
// that are not among them, and lets live events through again. Missed
// comments that would overflow the viewer's queue are left out, the
// oldest first: a client catching up in many rooms at once gets what fits
// rather than being closed as slow, and reads the rest from the REST list.
// The recent comments it sent whose live event has not come yet are
// remembered for a while (lateEvents), so that an event published after
// the catch-up does not send one again; those left out were not sent, and
// their late events still are.
func (c *Conn) release(vid id.ID, missed []comments.CommentView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.rooms[vid]
	if m == nil || !m.catching || c.ended {
		return
	}
	seen := make(map[id.ID]struct{}, len(missed))
	for _, v := range missed {
		seen[v.Comment.ID()] = struct{}{}
	}
	held := m.pending[:0]
	came := map[id.ID]struct{}{} // missed comments whose event was held back
	for _, e := range m.pending {
		_, dup := seen[e.Comment.ID]
		if !dup || e.Kind != NewComment {
			held = append(held, e)
		} else {
			came[e.Comment.ID] = struct{}{}
		}
	}
	if room := max(c.viewer.Free()-len(held), 0); len(missed) > room {
		missed = missed[len(missed)-room:]
	}
	// The comments sent whose event may still come: only those written
	// within lateEvents of now can have one on its way. A join again
	// replaces the set of the one before, so that it stays within
	// CatchUp.
	now := c.svc.clock.Now()
	m.caughtUp = map[id.ID]struct{}{}
	for _, v := range missed {
		c.viewer.Send(Event{Kind: NewComment, VideoID: vid, Comment: CommentOf(v)})
		if _, ok := came[v.Comment.ID()]; !ok && now.Sub(v.Comment.CreatedAt()) < lateEvents {
			m.caughtUp[v.Comment.ID()] = struct{}{}
		}
	}
	for _, e := range held {
		c.viewer.Send(e)
	}
	m.catching, m.pending, m.caughtUntil = false, nil, now.Add(lateEvents)
}

// lateEvents is how long after a comment is written its live event may
// still come: the broker delivers within moments, and the clocks of the
// instances may differ by a few seconds. A catch-up remembers the
// comments it sent that are this recent, for as long.
const lateEvents = 30 * time.Second
