package socketio

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/zishang520/socket.io/servers/socket/v3"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/live/dialect"
	"github.com/stagecast/stagecast/ports/live/inbound"
)

// unauthorized is the connect_error of a socket without a good token; its
// message is what socket.io-client shows as the error's message.
const unauthorized = "UNAUTHORIZED"

// ackError is a failed acknowledgement.
type ackError struct {
	Error string `json:"error"`
}

// authenticate is the namespace's middleware: it opens the socket's
// Conn, or refuses the socket with a connect_error.
func (s *Server) authenticate(sock *socket.Socket, next func(*socket.ExtendedError)) {
	v := newViewer(sock, s.log)
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	conn, err := s.live.Connect(ctx, tokenOf(sock), v)
	if err != nil {
		if errs.KindOf(err) == errs.Unauthorized {
			next(socket.NewExtendedError(unauthorized, nil))
			return
		}
		if !errors.Is(err, live.ErrClosed) {
			s.log.Error("live: socket.io connect failed", "err", err)
		}
		next(socket.NewExtendedError(dialect.ProblemOf(err).Message, nil))
		return
	}
	v.attach(conn)
	sock.SetData(v)
	next(nil)
	// The library records the socket as its client's only after it has
	// sent the client the CONNECT answer, on another goroutine; a packet
	// the client sends at once in between would be taken for a protocol
	// violation and the connection dropped. The client's packets are read
	// on this goroutine: holding it until the socket is recorded keeps
	// them waiting meanwhile.
	v.awaitStart(callTimeout)
}

// tokenOf is the socket's access token: the accessToken cookie, an
// "Authorization: Bearer" header or the token query parameter of the
// Engine.IO handshake, else the CONNECT packet's auth.token.
func tokenOf(sock *socket.Socket) string {
	if hc := sock.Request(); hc != nil {
		if t := inbound.Token(hc.Request()); t != "" {
			return t
		}
	}
	if h := sock.Handshake(); h != nil {
		if t, ok := h.Auth["token"].(string); ok {
			return t
		}
	}
	return ""
}

// connected sets up a socket that passed the middleware.
func (s *Server) connected(args ...any) {
	sock, _ := args[0].(*socket.Socket)
	if sock == nil {
		return
	}
	v, _ := sock.Data().(*viewer)
	if v == nil {
		sock.Disconnect(true)
		return
	}
	_ = sock.On("disconnect", func(args ...any) {
		v.finish()
		// Only the default namespace is served: when the client leaves
		// it, the engine connection goes too, so that a client connecting
		// and leaving in a loop on one connection cannot pile up sockets
		// (and their listeners) on it.
		if len(args) > 0 && args[0] == "client namespace disconnect" {
			go sock.Conn().Close(true)
		}
	})
	// One listener for every event, so that an unknown one is answered
	// too; the library runs a socket's events one after the other.
	sock.OnAny(func(args ...any) { s.event(v, args) })
	v.start()
}

// event runs one client event and answers its acknowledgement, or emits
// error when there is none to answer.
func (s *Server) event(v *viewer, args []any) {
	if len(args) == 0 {
		return
	}
	// Every event gets an answer. A client that sends events and reads
	// none of the answers would pile them up in the library's buffer,
	// which has no bound of its own: past the queue's size, it is slow.
	if v.backlog.Load() >= QueueSize {
		if v.slow.CompareAndSwap(false, true) {
			go v.tooSlow()
		}
		return
	}
	name, _ := args[0].(string)
	args = args[1:]
	var ack socket.Ack
	if n := len(args); n > 0 {
		if a, ok := args[n-1].(socket.Ack); ok {
			ack, args = a, args[:n-1]
		}
	}
	var data any
	if len(args) > 0 {
		data = args[0]
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	// The library hands over decoded JSON; the endpoints share one
	// reading of the payloads, on JSON.
	raw, err := json.Marshal(data)
	if err != nil {
		s.refuse(v, ack, inbound.ErrBadPayload)
		return
	}
	result, err := inbound.Handle(ctx, dialect.Classic, v.connection(), name, raw)
	if err != nil {
		s.refuse(v, ack, err)
		return
	}
	if ack != nil {
		ack([]any{result}, nil)
	}
}

// refuse answers a failed event: {"error"} in its acknowledgement, else an
// error event. The socket stays connected.
func (s *Server) refuse(v *viewer, ack socket.Ack, err error) {
	if inbound.Failed(err) {
		s.log.Error("live: socket.io event failed", "err", err)
	}
	p := dialect.ProblemOf(err)
	if ack != nil {
		ack([]any{ackError{Error: p.Message}}, nil)
	} else if err := v.sock.Emit("error", p); err != nil {
		s.log.Error("live: socket.io emit failed", "event", "error", "err", err)
	}
	if errors.Is(err, live.ErrSessionEnded) {
		v.connection().End(live.EndRevoked) // after the answer
	}
}
