package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Client kinds.
const (
	kindNative   = "native"
	kindSocketIO = "socketio"
)

// clientKind opens connections of one kind to a server.
type clientKind interface {
	// name is the kind's name in reports; label adds the endpoint.
	name() string
	label() string
	// dial opens an authenticated connection.
	dial(ctx context.Context, token string) (liveConn, error)
}

// liveConn is one open, authenticated connection. join and send may be
// called before run; once run is reading, only send (from one goroutine at
// a time) and close.
type liveConn interface {
	// join joins a video's room and waits for the acknowledgement.
	join(videoID string, timeout time.Duration) error
	// send posts a comment; its acknowledgement reaches run's handler.
	send(videoID string, content []byte) error
	// run reads until the connection ends, answering the protocol's
	// pings, and returns why it ended.
	run(h handler) error
	close()
}

// handler receives what run reads; nil fields ignore it. at is when the
// message was read.
type handler struct {
	// comment is a new_comment's content.
	comment func(content []byte, at time.Time)
	// ack is the acknowledgement of a send: the stored comment's content,
	// or the refusal's message.
	ack func(content, refusal []byte, at time.Time)
}

func newClientKind(kind, base, nativePath string) clientKind {
	ws := "ws" + strings.TrimPrefix(base, "http")
	if kind == kindSocketIO {
		return socketIOKind{url: ws + "/socket.io/?EIO=4&transport=websocket"}
	}
	return nativeKind{url: ws + nativePath, path: nativePath}
}

// available opens and closes one connection, to tell a server without the
// endpoint from one that works.
func available(ctx context.Context, k clientKind, token string) error {
	c, err := k.dial(ctx, token)
	if err != nil {
		var hs *handshakeError
		if errors.As(err, &hs) && hs.status == 404 {
			return fmt.Errorf("%s endpoint not available (its WebSocket upgrade answered 404)", k.name())
		}
		return fmt.Errorf("%s endpoint not available: %w", k.name(), err)
	}
	c.close()
	return nil
}

// dialer opens every WebSocket of the bench. Small buffers, and write
// buffers shared while nobody writes, keep ten thousand idle connections
// cheap for the bench's own process.
var dialer = &websocket.Dialer{
	HandshakeTimeout: 30 * time.Second,
	ReadBufferSize:   2048,
	WriteBufferSize:  1024,
	WriteBufferPool:  &sync.Pool{},
}

// handshakeError is a refused WebSocket upgrade.
type handshakeError struct {
	status int
	err    error
}

func (e *handshakeError) Error() string {
	return fmt.Sprintf("upgrade refused with status %d: %v", e.status, e.err)
}

// dialWS opens a WebSocket.
func dialWS(ctx context.Context, url string, h map[string][]string) (*websocket.Conn, error) {
	ws, res, err := dialer.DialContext(ctx, url, h)
	if err != nil {
		if res != nil {
			return nil, &handshakeError{status: res.StatusCode, err: err}
		}
		return nil, err
	}
	return ws, nil
}

// wsConn is what both kinds share: a WebSocket, a lock for writers and a
// buffer messages are read into.
type wsConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
	buf []byte
}

// write sends a text message.
func (c *wsConn) write(msg []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ws.WriteMessage(websocket.TextMessage, msg)
}

// read reads the next text message into the connection's buffer; the
// message is good until the next read.
func (c *wsConn) read() ([]byte, error) {
	for {
		typ, r, err := c.ws.NextReader()
		if err != nil {
			return nil, err
		}
		if typ != websocket.TextMessage {
			continue
		}
		if c.buf == nil {
			c.buf = make([]byte, 0, 1024)
		}
		c.buf = c.buf[:0]
		for {
			if len(c.buf) == cap(c.buf) {
				c.buf = append(c.buf, 0)[:len(c.buf)]
			}
			n, err := r.Read(c.buf[len(c.buf):cap(c.buf)])
			c.buf = c.buf[:len(c.buf)+n]
			if err == io.EOF {
				return c.buf, nil
			}
			if err != nil {
				return nil, err
			}
		}
	}
}

// readUntil reads messages until match takes one, answering the others
// with other (when set), for at most timeout.
func (c *wsConn) readUntil(timeout time.Duration, match func([]byte) (bool, error), other func([]byte) error) error {
	_ = c.ws.SetReadDeadline(time.Now().Add(timeout))
	defer c.ws.SetReadDeadline(time.Time{})
	for {
		msg, err := c.read()
		if err != nil {
			return err
		}
		done, err := match(msg)
		if done || err != nil {
			return err
		}
		if other != nil {
			if err := other(msg); err != nil {
				return err
			}
		}
	}
}

func (c *wsConn) close() { _ = c.ws.Close() }

// stringField is the value of the first "key":"value" in a JSON text,
// unescaped only as far as the bench's own values need (none of them has
// a quote or a backslash); nil when there is none.
func stringField(msg []byte, key string) []byte {
	var pat [32]byte
	p := append(append(append(pat[:0], '"'), key...), `":"`...)
	i := bytes.Index(msg, p)
	if i < 0 {
		return nil
	}
	rest := msg[i+len(p):]
	for j := 0; j < len(rest); j++ {
		switch rest[j] {
		case '\\':
			j++
		case '"':
			return rest[:j]
		}
	}
	return nil
}

// Content of a bench comment: "lb <sequence> <send time in unix nanos>".
const contentPrefix = "lb "

// appendContent writes a bench comment's content.
func appendContent(b []byte, seq int64, sent time.Time) []byte {
	b = append(b, contentPrefix...)
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, ' ')
	return strconv.AppendInt(b, sent.UnixNano(), 10)
}

// parseContent reads a bench comment's content.
func parseContent(b []byte) (seq, sentNanos int64, ok bool) {
	if !bytes.HasPrefix(b, []byte(contentPrefix)) {
		return 0, 0, false
	}
	b = b[len(contentPrefix):]
	sp := bytes.IndexByte(b, ' ')
	if sp < 0 {
		return 0, 0, false
	}
	seq, ok1 := atoi(b[:sp])
	sentNanos, ok2 := atoi(b[sp+1:])
	return seq, sentNanos, ok1 && ok2
}

// atoi reads a non-negative decimal without allocating.
func atoi(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
