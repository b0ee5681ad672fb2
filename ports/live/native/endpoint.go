// Package native serves the native live-comment endpoints (live.md):
// WebSocket connections that speak JSON frames, /api/v1/live in /api/v1's
// shapes and /api/live in the classic ones, through melody.
package native

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/olahol/melody"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/http/web"
	"github.com/stagecast/stagecast/ports/live/dialect"
	"github.com/stagecast/stagecast/ports/live/inbound"
)

// Limits of a connection (live.md).
const (
	// MaxFrame is the largest frame a client may send; a larger one closes
	// the connection with 1009.
	MaxFrame = 8 << 10
	// QueueSize is how many frames may wait for a client; a connection
	// that lets more pile up is closed with 1013.
	QueueSize = 256
	// pingEvery and pongWait: a connection that answers no ping for a
	// minute is closed.
	pingEvery = 30 * time.Second
	pongWait  = 60 * time.Second
	// writeWait bounds one write to the socket.
	writeWait = 10 * time.Second
	// callTimeout bounds the core's work for one client frame.
	callTimeout = 10 * time.Second
)

// A join's catch-up must fit in the queue (live.MaxBurst): this fails to
// compile otherwise.
var _ [QueueSize - live.MaxBurst]struct{}

// Options configure an endpoint.
type Options struct {
	Live    *live.Service
	Dialect dialect.Dialect
	Log     *slog.Logger
	// Origins are the browser origins, besides the server's own, that
	// may open a connection: a page elsewhere must not connect with the
	// visitor's cookie.
	Origins []string
}

// Endpoint is one native WebSocket endpoint.
type Endpoint struct {
	live    *live.Service
	dialect dialect.Dialect
	log     *slog.Logger
	m       *melody.Melody
	origins inbound.Origins
	// last caches the frame of the last event sent, which every member of
	// a room receives in turn.
	lastMu sync.Mutex
	last   live.Event
	frame  []byte
}

// New returns an endpoint over the live core.
func New(o Options) *Endpoint {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	e := &Endpoint{live: o.Live, dialect: o.Dialect, log: o.Log, origins: inbound.NewOrigins(o.Origins)}
	m := melody.New()
	m.Config.MaxMessageSize = MaxFrame
	m.Config.PingPeriod = pingEvery
	m.Config.PongWait = pongWait
	m.Config.WriteWait = writeWait
	// One place more than the queue: the close frame of a slow
	// connection always fits.
	m.Config.MessageBufferSize = QueueSize + 1
	m.Upgrader = &websocket.Upgrader{
		// A small read buffer and pooled write buffers keep an idle
		// connection's memory low; frames still reach MaxFrame.
		ReadBufferSize:  1024,
		WriteBufferSize: 4096,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     e.checkOrigin,
		Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
			web.Fail(w, r, status, "Expected a WebSocket upgrade")
		},
	}
	m.HandleConnect(e.connected)
	m.HandleDisconnect(e.disconnected)
	m.HandleMessage(e.message)
	m.HandleMessageBinary(func(s *melody.Session, _ []byte) { e.refuse(s, nil, errBinary) })
	m.HandleSentMessage(func(s *melody.Session, _ []byte) { viewerOf(s).sent() })
	m.HandleError(e.failed)
	e.m = m
	return e
}

// ServeHTTP authenticates the request and upgrades it.
func (e *Endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		web.Fail(w, r, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	if !websocket.IsWebSocketUpgrade(r) {
		web.Fail(w, r, http.StatusBadRequest, "Expected a WebSocket upgrade")
		return
	}
	if !e.checkOrigin(r) {
		web.Fail(w, r, http.StatusForbidden, "Origin not allowed")
		return
	}
	v := &viewer{endpoint: e}
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	conn, err := e.live.Connect(ctx, inbound.Token(r), v)
	cancel()
	if err != nil {
		if errs.KindOf(err) == errs.Unauthorized {
			web.Fail(w, r, http.StatusUnauthorized, "UNAUTHORIZED")
			return
		}
		web.Error(w, r, e.log, err)
		return
	}
	v.conn = conn
	v.upgraded = make(chan struct{})
	// melody runs the connection in the goroutine that upgrades it, until
	// the connection ends. That is a fresh goroutine here, and this
	// handler returns once the upgrade is done: the server's goroutine
	// for the request, deep in the middleware, and what the request held
	// (buffers, headers) are not kept for the life of the connection.
	failed := make(chan error, 1)
	go func() {
		if err := e.m.HandleRequestWithKeys(w, r, map[string]any{viewerKey: v}); err != nil {
			conn.Close()
			failed <- err
		}
	}()
	select {
	case <-v.upgraded:
	case err := <-failed:
		// A failed upgrade is answered by the upgrader itself; an endpoint
		// that is closing answers nothing yet.
		if errors.Is(err, melody.ErrClosed) {
			web.Fail(w, r, http.StatusServiceUnavailable, "The server is shutting down")
		}
	}
}

// Close closes every connection at once; Service.Shutdown is the
// graceful way.
func (e *Endpoint) Close() error { return e.m.Close() }

// checkOrigin admits requests without an Origin (not from a browser), from
// the server's own origin, and from the allowed ones.
func (e *Endpoint) checkOrigin(r *http.Request) bool { return e.origins.Admits(r) }

// connected attaches the viewer to its session. The session's request is
// dropped: nothing reads it, and it holds the headers (a token among them)
// for the life of the connection.
func (e *Endpoint) connected(s *melody.Session) {
	s.Request = nil
	viewerOf(s).attach(s)
}

func (e *Endpoint) disconnected(s *melody.Session) { viewerOf(s).conn.Close() }

// failed logs what is worth knowing of a connection's error: a full queue
// is the slow consumer, handled by the viewer; a closed socket is normal.
func (e *Endpoint) failed(s *melody.Session, err error) {
	switch {
	case errors.Is(err, melody.ErrMessageBufferFull), errors.Is(err, melody.ErrWriteClosed), errors.Is(err, melody.ErrSessionClosed):
	case websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway, websocket.CloseNoStatusReceived):
	case errors.Is(err, websocket.ErrReadLimit):
		e.log.Info("live: frame too large; closed with 1009")
	default:
		e.log.Debug("live: connection error", "err", err)
	}
}
