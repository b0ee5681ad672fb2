package live

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// EndReason says why the core ends a connection.
type EndReason int

// Why a connection ends.
const (
	// EndExpired: the access token expired; the client refreshes it and
	// connects again (WebSocket close 4001).
	EndExpired EndReason = iota + 1
	// EndRevoked: the session was closed or the account is gone (4001).
	EndRevoked
	// EndShutdown: the server is stopping (1001).
	EndShutdown
	// EndSlow: the connection did not keep up with its events (1013); the
	// client connects again and joins with since to catch up.
	EndSlow
)

// Viewer is a connection as its delivery adapter holds it.
type Viewer interface {
	// Send queues an event for the client. It runs with the core's locks
	// held: it must not block nor call the Conn. When the connection's
	// queue is full, the adapter closes the connection as slow (1013) on
	// its own goroutine and calls Conn.Close from there.
	Send(e Event)
	// Free is how many more events the connection's queue takes now; a
	// join's catch-up sends no more than that. It runs with the core's
	// locks held, like Send.
	Free() int
	// End closes the connection for a reason; the adapter then calls
	// Conn.Close. It is never called with a lock of the core held, and it
	// may come before Connect has returned (a shutdown at that moment).
	End(r EndReason)
}

// Conn is one client connection: who it is, the rooms it is in, and its
// share of comments. Its methods may be called from several goroutines.
type Conn struct {
	svc    *Service
	viewer Viewer
	token  string

	mu     sync.Mutex
	p      app.Principal
	rooms  map[id.ID]*membership
	sent   []time.Time // when the comments stored in the window were
	sends  int         // comments being stored now
	ended  bool
	closed bool
	timers [2]*time.Timer // expiry, session check
}

// membership is a connection's place in one room. While the connection
// catches up, the room's live events wait in pending.
type membership struct {
	catching bool
	pending  []Event
	// caughtUp holds the recent comments a catch-up sent whose live event
	// had not come: a comment stored before the read may be published
	// after the catch-up ended, and is not sent twice. Until caughtUntil
	// only (see lateEvents); each id goes when its event comes. At most
	// Settings.CatchUp ids a catch-up.
	caughtUp    map[id.ID]struct{}
	caughtUntil time.Time
}

// MaxPending bounds the live events held back while a join catches up;
// past it the connection is slow.
const MaxPending = 56

// MaxBurst is the most events one join sends a viewer at once: the
// comments it catches up on and the events held back meanwhile. A
// viewer's queue must hold at least as many, so that catching up in a
// busy room does not look slow.
const MaxBurst = DefaultCatchUp + MaxPending

// Connect authenticates an access token and opens a connection for the
// viewer; an error of kind errs.Unauthorized when the token is not good,
// ErrClosed when the server is stopping. The connection ends by itself
// when the token expires or its session is closed.
func (s *Service) Connect(ctx context.Context, token string, v Viewer) (*Conn, error) {
	p, _, err := s.auth.Authenticate(ctx, token)
	if err != nil {
		return nil, err
	}
	c := &Conn{svc: s, viewer: v, token: token, p: p, rooms: map[id.ID]*membership{}}
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return c, nil // closed at once (a shutdown): no timers to start
	}
	if !p.Expires.IsZero() {
		c.timers[0] = time.AfterFunc(p.Expires.Sub(s.clock.Now()), func() { c.end(EndExpired) })
	}
	c.timers[1] = time.AfterFunc(s.checkAfter(), c.checkSession)
	return c, nil
}

// Principal is the connection's caller.
func (c *Conn) Principal() app.Principal {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.p
}

// checkAfter spreads the session checks of connections opened together.
func (s *Service) checkAfter() time.Duration {
	d := s.set.SessionCheck
	return d/2 + rand.N(d/2+1)
}

// checkSession ends the connection when its session no longer lets the
// token in; a store that does not answer is no reason to end it.
func (c *Conn) checkSession() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if c.reauthenticate(ctx) != nil {
		c.end(EndRevoked)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.timers[1].Reset(c.svc.checkAfter())
	}
}

// reauthenticate checks the token again; ErrSessionEnded when it is no
// longer good. A store that does not answer is no reason to refuse.
func (c *Conn) reauthenticate(ctx context.Context) error {
	p, _, err := c.svc.auth.Authenticate(ctx, c.token)
	switch {
	case errs.KindOf(err) == errs.Unauthorized:
		return ErrSessionEnded
	case err != nil:
		c.svc.log.WarnContext(ctx, "live: session check failed", "err", err)
		return nil
	}
	c.mu.Lock()
	c.p = p
	c.mu.Unlock()
	return nil
}

// End closes the connection for a reason, once. An adapter ends it with
// EndRevoked after answering a frame refused with ErrSessionEnded, so
// that the client has its answer before the close.
func (c *Conn) End(r EndReason) { c.end(r) }

// end asks the adapter to close the connection, once.
func (c *Conn) end(r EndReason) {
	c.mu.Lock()
	if c.ended || c.closed {
		c.mu.Unlock()
		return
	}
	c.ended = true
	c.mu.Unlock()
	c.viewer.End(r)
}

// Close takes the connection out of its rooms and forgets it. Adapters call
// it once the client is gone; calling it again does nothing.
func (c *Conn) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	for _, t := range c.timers {
		if t != nil {
			t.Stop()
		}
	}
	joined := make([]id.ID, 0, len(c.rooms))
	for v := range c.rooms {
		joined = append(joined, v)
	}
	c.rooms = nil
	c.mu.Unlock()

	s := c.svc
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range joined {
		s.leaveLocked(c, v)
	}
	delete(s.conns, c)
	if s.closing && len(s.conns) == 0 {
		close(s.gone)
	}
}

// Leave takes the connection out of a video's room; leaving a room it is
// not in does nothing.
func (c *Conn) Leave(videoID string) {
	vid, ok := id.Parse(videoID)
	if !ok {
		return
	}
	c.mu.Lock()
	_, joined := c.rooms[vid]
	delete(c.rooms, vid)
	c.mu.Unlock()
	if joined {
		c.svc.leave(c, vid)
	}
}

// deliver passes a room's event to the client, or holds it back while the
// connection catches up in that room.
func (c *Conn) deliver(e Event) {
	c.mu.Lock()
	m := c.rooms[e.VideoID]
	if m == nil || c.ended {
		c.mu.Unlock()
		return
	}
	if !m.catching {
		if m.caughtUp != nil && c.svc.clock.Now().After(m.caughtUntil) {
			m.caughtUp = nil
		}
		if _, sent := m.caughtUp[e.Comment.ID]; sent && e.Kind == NewComment {
			delete(m.caughtUp, e.Comment.ID)
		} else {
			c.viewer.Send(e)
		}
		c.mu.Unlock()
		return
	}
	slow := len(m.pending) >= MaxPending
	if !slow {
		m.pending = append(m.pending, e)
	}
	c.mu.Unlock()
	if slow {
		go c.end(EndSlow) // never with the rooms' lock held
	}
}

// Send stores a comment under a video with the rules of the REST route,
// within the connection's share, and returns it; the room receives it as
// NewComment, this connection too when it is in the room. ErrSlowDown
// when the share is used up; a refused comment does not count.
func (c *Conn) Send(ctx context.Context, videoID, content string) (Comment, error) {
	vid, ok := id.Parse(videoID)
	if !ok {
		return Comment{}, errNoVideo
	}
	if err := c.reserve(); err != nil {
		return Comment{}, err
	}
	stored := false
	defer func() { c.settle(stored) }()
	// A write checks the session at once rather than at the next check.
	if err := c.reauthenticate(ctx); err != nil {
		return Comment{}, err
	}
	v, err := c.svc.comments.CommentOnVideo(ctx, c.Principal(), vid, content)
	if err != nil {
		return Comment{}, err
	}
	stored = true
	return CommentOf(v), nil
}

// errNoVideo answers an id that cannot name a video: no such video.
var errNoVideo = video.ErrNotFound
