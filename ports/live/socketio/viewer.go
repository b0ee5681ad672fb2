package socketio

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zishang520/socket.io/parsers/engine/v3/packet"
	"github.com/zishang520/socket.io/servers/socket/v3"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/ports/live/dialect"
)

// viewer is the live.Viewer of one socket. Events wait in its bounded
// queue; its own goroutine hands them to the library, at most
// engineWindow packets ahead of what the engine has passed to the
// transport, so that a client that does not keep up fills the queue and
// is disconnected, and nobody else waits for it.
type viewer struct {
	sock *socket.Socket
	log  *slog.Logger

	// queue holds the events not yet handed to the library; it grows as
	// they come, and a writer goroutine runs only while it has something,
	// so that an idle socket holds neither a buffer nor a goroutine.
	// waiting counts the events queued and those the writer took but has
	// not handed over yet: the bound applies to both.
	qmu     sync.Mutex
	queue   []live.Event
	waiting int
	writing bool          // a writer runs
	live    bool          // the socket is connected: events may go out
	stop    chan struct{} // closed when the socket is gone
	started chan struct{} // closed once the socket is connected
	// backlog counts the packets in the engine's buffer, not yet handed
	// to the transport; flushed wakes the writer when it shrinks.
	backlog atomic.Int64
	flushed chan struct{}
	slow    atomic.Bool

	mu   sync.Mutex
	conn *live.Conn
	// ready is set once the socket is connected and may be disconnected;
	// ended once the core or the queue asked to end it, and tell when that
	// end is to be told with a DISCONNECT; done once it is gone and its
	// Conn closed.
	ready, ended, tell, done bool
}

func newViewer(sock *socket.Socket, log *slog.Logger) *viewer {
	return &viewer{
		sock: sock, log: log,
		stop: make(chan struct{}), started: make(chan struct{}),
		flushed: make(chan struct{}, 1),
	}
}

// attach binds the core's connection and follows the engine connection
// under the socket: its buffer, for the backlog, and its close, which
// ends the socket too, even one that goes before it is ever connected.
func (v *viewer) attach(conn *live.Conn) {
	v.mu.Lock()
	v.conn = conn
	done := v.done
	v.mu.Unlock()
	if done {
		conn.Close()
		return
	}
	ec := v.sock.Conn()
	_ = ec.On("packetCreate", func(...any) { v.backlog.Add(1) })
	_ = ec.On("flush", func(args ...any) {
		if len(args) > 0 {
			if batch, ok := args[0].([]*packet.Packet); ok {
				v.backlog.Add(-int64(len(batch)))
			}
		}
		select {
		case v.flushed <- struct{}{}:
		default:
		}
	})
	_ = ec.Once("close", func(...any) { v.finish() })
	if ec.ReadyState() == "closed" {
		v.finish()
	}
}

// connection is the core's connection of the socket.
func (v *viewer) connection() *live.Conn {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.conn
}

// start runs once the socket is connected: events flow from now on, and an
// end asked for meanwhile takes effect.
func (v *viewer) start() {
	v.mu.Lock()
	v.ready = true
	ended, tell := v.ended, v.tell
	v.mu.Unlock()
	close(v.started)
	v.qmu.Lock()
	v.live = true
	run := v.startWriter()
	v.qmu.Unlock()
	if run {
		go v.write()
	}
	switch {
	case ended && !tell && !v.sock.Disconnected():
		// Ended before it was connected, by a shutdown or a slow queue:
		// closed as it would have been, so that the client reconnects.
		v.closeTransport()
		v.finish()
	case ended || v.sock.Disconnected():
		v.disconnect()
		v.finish()
	}
}

// awaitStart waits until the socket is connected or gone, at most d.
func (v *viewer) awaitStart(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-v.started:
	case <-v.stop:
	case <-t.C:
	}
}

// Send queues an event (live.Viewer). It never blocks: a full queue ends
// the socket as too slow, from a goroutine of its own.
func (v *viewer) Send(e live.Event) {
	select {
	case <-v.stop:
		return
	default:
	}
	v.qmu.Lock()
	full := v.waiting >= QueueSize
	run := false
	if !full {
		v.queue = append(v.queue, e)
		v.waiting++
		run = v.startWriter()
	}
	v.qmu.Unlock()
	if run {
		go v.write()
	}
	if full && v.slow.CompareAndSwap(false, true) {
		go v.tooSlow()
	}
}

// Free is how many more events the queue takes (live.Viewer).
func (v *viewer) Free() int {
	v.qmu.Lock()
	defer v.qmu.Unlock()
	return QueueSize - v.waiting
}

// startWriter reports whether a writer must start for the queue, and
// counts it as running; qmu is held.
func (v *viewer) startWriter() bool {
	if !v.live || v.writing || len(v.queue) == 0 {
		return false
	}
	v.writing = true
	return true
}

// End ends the socket (live.Viewer). An expired token or a closed session
// gets a server DISCONNECT: socket.io-client then stays away until the
// application has a fresh token and connects again. A shutdown closes the
// transport instead, as a server going away would, so that the client
// reconnects by itself, to another instance or to this one restarted.
func (v *viewer) End(r live.EndReason) {
	v.end(r == live.EndExpired || r == live.EndRevoked)
}

// tooSlow closes the transport of a socket whose queue is full: the
// client reconnects by itself and catches up with since.
func (v *viewer) tooSlow() {
	v.log.Info("live: socket.io client too slow; transport closed", "socket", string(v.sock.Id()))
	v.end(false)
}

// end disconnects the socket once it is connected (with a DISCONNECT
// packet when tell is set, else by closing its transport), and closes its
// Conn.
func (v *viewer) end(tell bool) {
	v.mu.Lock()
	if !v.ended {
		v.ended, v.tell = true, tell
	}
	ready := v.ready
	v.mu.Unlock()
	switch {
	case ready && tell:
		v.disconnect()
	case ready:
		v.closeTransport()
	}
	v.finish()
}

// closeTransport closes the socket's engine connection: what is already in
// the engine's buffer goes out first, and a peer that takes none of it is
// dropped after closeGrace.
func (v *viewer) closeTransport() {
	ec := v.sock.Conn()
	ec.Close(false)
	time.AfterFunc(closeGrace, func() { ec.Close(true) })
}

// disconnect sends the client a DISCONNECT packet, so that it knows the
// server ended the socket, and drops the connection after closeGrace if
// the client has not closed it itself by then. (The library's
// Disconnect(true) closes a WebSocket while the packet may still be on its
// way, and the client would take the end for a network failure.)
func (v *viewer) disconnect() {
	v.sock.Disconnect(false)
	ec := v.sock.Conn()
	time.AfterFunc(closeGrace, func() { ec.Close(true) })
}

// finish stops the writer and closes the Conn, once.
func (v *viewer) finish() {
	v.mu.Lock()
	if v.done {
		v.mu.Unlock()
		return
	}
	v.done = true
	conn := v.conn
	v.mu.Unlock()
	close(v.stop)
	if conn != nil {
		conn.Close()
	}
}

// write hands queued events to the library, in order, until the queue is
// empty or the socket gone; one writer runs at a time.
func (v *viewer) write() {
	for {
		v.qmu.Lock()
		batch := v.queue
		v.queue = nil
		if len(batch) == 0 {
			v.writing = false
			v.qmu.Unlock()
			return
		}
		v.qmu.Unlock()
		for _, e := range batch {
			for v.backlog.Load() >= engineWindow {
				select {
				case <-v.flushed:
				case <-v.stop:
					return
				}
			}
			if err := v.sock.Emit(string(e.Kind), dialect.Classic.Data(e)); err != nil {
				v.log.Error("live: socket.io emit failed", "event", string(e.Kind), "err", err)
			}
			v.qmu.Lock()
			v.waiting--
			v.qmu.Unlock()
		}
	}
}
