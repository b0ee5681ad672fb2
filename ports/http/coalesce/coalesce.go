// Package coalesce sends an answer's header and body to the client in one
// write to the connection, where net/http sends them in two.
//
// net/http buffers a connection's writes in 4 KiB: it buffers a
// response's header, then fills the buffer with the start of the body,
// sends it, and sends the rest of the body straight from the handler's
// slice, so that a page of a list (some kilobytes of JSON written at
// once) takes two writes to the socket, two segments, and wakes the
// client twice. Listener's connections can hold their writes while a
// handler's Write runs (Handler): what net/http writes meanwhile is
// gathered, and sent in one write when the Write returns.
//
// Only a large Write, one net/http would split, is held, and never one
// larger than maxHeld: a handler that streams writes as it did, a file
// goes out by sendfile as before, and nothing is held past the Write
// that started it, so no byte waits for a later event. What another
// goroutine writes meanwhile (net/http's "100 Continue" for a body read
// elsewhere) is gathered in its turn. A failed write closes the
// connection, since part of an answer may be out.
//
// Listener must wrap the plain listener: a TLS listener goes around it,
// so that net/http still sees its *tls.Conn.
package coalesce

import (
	"context"
	"io"
	"net"
	"sync"
)

// Bounds of a held Write: one of minHeld bytes or fewer fits net/http's
// buffer before its header is written (and is sent in one write anyway,
// with a Content-Length net/http adds when the handler returns), and one
// longer than maxHeld is not worth its copy.
const (
	minHeld = 2 << 10
	maxHeld = 64 << 10
)

// Listener wraps ln so that its connections can hold writes (see Conn).
func Listener(ln net.Listener) net.Listener { return listener{ln} }

type listener struct{ net.Listener }

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c}, nil
}

// Conn is a connection that gathers its writes while held (see hold).
type Conn struct {
	net.Conn
	// mu guards held, and is held while release writes, so that a
	// write that comes meanwhile follows what was gathered.
	mu sync.Mutex
	// held is the buffer of a held Write, nil when writes go straight
	// to the connection.
	held *[]byte
}

// buffers are the buffers of held writes, shared by every connection:
// an idle connection keeps none.
var buffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 16<<10)
	return &b
}}

// Write gathers p while the connection is held, and writes it otherwise.
func (c *Conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.held != nil {
		*c.held = append(*c.held, p...)
		c.mu.Unlock()
		return len(p), nil
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// ReadFrom lets net/http send a file with sendfile, as it does on the
// connection this one wraps: it is never called while held, since a held
// Write is a slice's.
func (c *Conn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok && !c.holding() {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c}, r)
}

// holding reports whether writes are being gathered.
func (c *Conn) holding() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held != nil
}

// CloseWrite shuts the connection's writing side, as net/http does before
// it closes a connection after an error, when the connection it wraps can.
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// writerOnly hides ReadFrom from io.Copy, which would call it again.
type writerOnly struct{ io.Writer }

// hold starts gathering writes.
func (c *Conn) hold() {
	b := buffers.Get().(*[]byte)
	c.mu.Lock()
	c.held = b
	c.mu.Unlock()
}

// release writes what was gathered since hold, in one write, and lets
// writes through again. When that write fails it closes the connection:
// part of an answer may be out, and net/http, which saw its writes
// succeed, would otherwise keep the connection for the next request.
func (c *Conn) release() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.held
	c.held = nil
	var err error
	if len(*b) > 0 {
		if _, err = c.Conn.Write(*b); err != nil {
			_ = c.Conn.Close()
		}
	}
	if cap(*b) <= 2*maxHeld {
		*b = (*b)[:0]
		buffers.Put(b)
	}
	return err
}

// connKey is the context key of a request's Conn.
type connKey struct{}

// ConnContext is the http.Server's ConnContext that tells Handler the
// connection of each request.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*Conn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}
