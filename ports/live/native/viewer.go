package native

import (
	"sync"

	"github.com/gorilla/websocket"
	"github.com/olahol/melody"

	"github.com/stagecast/stagecast/app/live"
)

// viewerKey is the session key of a connection's viewer.
const viewerKey = "viewer"

// Close codes of live.md.
const (
	closeTokenEnded = 4001 // the token expired or its session ended
	closeTryAgain   = websocket.CloseTryAgainLater
)

// viewer is the live.Viewer of one WebSocket connection. It counts the
// frames waiting for the client, so that a connection that does not keep
// up is closed instead of holding frames without bound.
type viewer struct {
	endpoint *Endpoint
	conn     *live.Conn

	mu      sync.Mutex
	s       *melody.Session
	queued  int
	closing bool
	// early is a close that came before the session was attached.
	early []byte
	// upgraded is closed once the session is attached.
	upgraded chan struct{}
}

func viewerOf(s *melody.Session) *viewer {
	v, _ := s.Get(viewerKey)
	return v.(*viewer)
}

// attach binds the viewer to its session once the upgrade is done.
func (v *viewer) attach(s *melody.Session) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.s = s
	if v.early != nil {
		_ = s.CloseWithMsg(v.early)
	}
	close(v.upgraded)
}

// Send queues an event's frame (live.Viewer).
func (v *viewer) Send(e live.Event) { v.write(v.endpoint.eventFrame(e)) }

// write queues a frame, or closes a connection whose queue is full with
// 1013: the client reconnects and catches up with since. Neither blocks.
func (v *viewer) write(frame []byte) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.s == nil || v.closing {
		return
	}
	if v.queued >= QueueSize {
		v.closeLocked(websocket.FormatCloseMessage(closeTryAgain, "too slow; reconnect and join with since"))
		return
	}
	v.queued++
	_ = v.s.Write(frame)
}

// Free is how many more frames the queue takes (live.Viewer).
func (v *viewer) Free() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return QueueSize - v.queued
}

// sent counts a frame written to the socket.
func (v *viewer) sent() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.queued--
}

// End closes the connection with the code of the reason (live.Viewer).
func (v *viewer) End(r live.EndReason) {
	var msg []byte
	switch r {
	case live.EndExpired:
		msg = websocket.FormatCloseMessage(closeTokenEnded, "token expired")
	case live.EndRevoked:
		msg = websocket.FormatCloseMessage(closeTokenEnded, "session ended")
	case live.EndShutdown:
		msg = websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down")
	default:
		msg = websocket.FormatCloseMessage(closeTryAgain, "too slow; reconnect and join with since")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.s == nil {
		v.early = msg
		return
	}
	v.closeLocked(msg)
}

// closeLocked sends the close frame after the frames queued before it;
// melody's buffer keeps a place for it. The session ends once it is
// written, and the disconnect handler closes the live connection.
func (v *viewer) closeLocked(msg []byte) {
	if v.closing {
		return
	}
	v.closing = true
	_ = v.s.CloseWithMsg(msg)
}
