// Package socketio serves live comments over Socket.IO v4 (live.md,
// "Socket.IO compatibility"), for unmodified socket.io-client v4 clients:
// Engine.IO long-polling and WebSocket, with upgrade, on the default
// namespace, in the classic shapes.
//
// The protocol is the library's (github.com/zishang520/socket.io); this
// package authenticates each socket, opens a live.Conn for it, hands the
// core what the client asks for and delivers the core's events. Rooms are
// the core's, not the library's, so that every endpoint shares them.
package socketio

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/zishang520/socket.io/servers/socket/v3"
	"github.com/zishang520/socket.io/v3/pkg/types"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/web"
	"github.com/stagecast/stagecast/ports/live/inbound"
)

// Limits of a Socket.IO connection (live.md).
const (
	// MaxPayload is the largest Engine.IO message, or polling request body,
	// a client may send; the engine refuses a larger one (a WebSocket
	// closes with 1009, a polling POST gets 413).
	MaxPayload = 8 << 10
	// QueueSize is how many events may wait for a socket in this adapter;
	// a socket that lets more pile up is disconnected as too slow.
	QueueSize = 256
	// engineWindow is how many packets this adapter lets wait in the
	// library's own buffer before it holds events back in its queue, so
	// that a client that does not read fills the bounded queue rather
	// than the library's unbounded one.
	engineWindow = 32
	// pingInterval and pingTimeout are Engine.IO's heartbeat, as the
	// original platform's clients expect them.
	pingInterval = 25 * time.Second
	pingTimeout  = 20 * time.Second
	// closeGrace is how long a client told of its disconnection has to
	// close the connection itself before the engine drops it.
	closeGrace = 5 * time.Second
	// connectTimeout is how long a new Engine.IO session may wait for its
	// CONNECT packet.
	connectTimeout = 10 * time.Second
	// callTimeout bounds the core's work for one client event.
	callTimeout = 10 * time.Second
	// bodyWait bounds the arrival of a polling POST's body.
	bodyWait = 10 * time.Second
)

// A join's catch-up must fit in the queue (live.MaxBurst): this fails to
// compile otherwise.
var _ [QueueSize - live.MaxBurst]struct{}

// Options configure the endpoint.
type Options struct {
	// Live is the live-comment core the sockets are connections of.
	Live *live.Service
	// Log receives failures and slow clients; never a token.
	Log *slog.Logger
	// CORSOrigins are the exact browser origins, besides the server's own,
	// that may connect, with credentials; empty means same-origin only.
	CORSOrigins []string
}

// Server is the Socket.IO endpoint. It is an http.Handler for every path
// under /socket.io/.
type Server struct {
	live    *live.Service
	log     *slog.Logger
	io      *socket.Server
	engine  http.Handler
	origins inbound.Origins
}

// New builds the endpoint over the live core.
func New(o Options) (*Server, error) {
	if o.Live == nil {
		return nil, errors.New("socketio: missing live service")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{live: o.Live, log: o.Log, origins: inbound.NewOrigins(o.CORSOrigins)}
	opts := socket.DefaultServerOptions()
	opts.SetServeClient(false)
	opts.SetPingInterval(pingInterval)
	opts.SetPingTimeout(pingTimeout)
	opts.SetMaxHttpBufferSize(MaxPayload)
	// An Engine.IO session that opens no socket soon is dropped: a
	// handshake costs no token, so sessions must not wait long for one.
	opts.SetConnectTimeout(connectTimeout)
	// Credentials need the exact origin echoed, never "*": the engine
	// echoes an origin only when Origins.Allowed accepts it, and its
	// WebSocket upgrade checks the same function.
	opts.SetCors(&types.Cors{
		Origin:      s.origins.Allowed,
		Methods:     []string{http.MethodGet, http.MethodPost},
		Credentials: true,
	})
	s.io = socket.NewServer(nil, opts)
	s.io.Use(s.authenticate)
	if err := s.io.On("connection", s.connected); err != nil {
		return nil, err
	}
	s.engine = s.io.ServeHandler(nil)
	return s, nil
}

// ServeHTTP serves Engine.IO's polling requests and WebSocket upgrades.
// A browser page of an origin that is neither this server's nor allowed
// is refused outright: it could not read the answers, and a WebSocket
// opened with the visitor's cookie must not be its.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); origin != "" {
		switch {
		case inbound.Same(origin, r):
			// Same-origin requests need no CORS; without the header the
			// engine neither echoes it nor holds the upgrade to the list.
			r = r.Clone(r.Context())
			r.Header.Del("Origin")
		case !s.origins.Allowed(origin):
			web.Fail(w, r, http.StatusForbidden, "Origin not allowed")
			return
		}
	}
	if r.Method == http.MethodPost {
		// A polling POST carries at most MaxPayload bytes: it need not
		// hold its connection for long (behind mid.BodyDeadlines).
		mid.BodyWithin(r, bodyWait)
	}
	s.engine.ServeHTTP(w, r)
}

// Close stops the engine and drops every socket at once. Live.Shutdown is
// what ends sockets gracefully; Close comes after it.
func (s *Server) Close() error {
	s.io.Close(nil)
	return nil
}
