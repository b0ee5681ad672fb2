package coalesce

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// Handler holds each large Write of next's answers (see the package's
// doc) on requests whose connection is a Conn (see ConnContext); it
// changes nothing for the others.
func Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := r.Context().Value(connKey{}).(*Conn)
		f, flushes := w.(flushWriter)
		if !ok || !flushes || r.ProtoMajor != 1 {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&writer{flushWriter: f, conn: c}, r)
	})
}

// flushWriter is net/http's ResponseWriter as far as a writer uses it.
type flushWriter interface {
	http.ResponseWriter
	FlushError() error
}

// writer is net/http's ResponseWriter with its large Writes held. It has
// the methods of net/http's own that the handlers and middleware look
// for: Flush and FlushError (net/http's own), Hijack and ReadFrom, and
// Unwrap for the rest.
type writer struct {
	flushWriter
	conn *Conn
	// hijacked is set once the connection is handed over: its writes
	// are its new owner's.
	hijacked bool
}

// Write writes p, and when it is large (see minHeld) the header still
// unsent and whatever net/http buffered with it, in one write to the
// connection.
func (w *writer) Write(p []byte) (n int, err error) {
	if len(p) <= minHeld || len(p) > maxHeld || w.hijacked {
		return w.flushWriter.Write(p)
	}
	w.conn.hold()
	// Released even when net/http panics (ErrAbortHandler), or every
	// later write to the connection would be gathered.
	defer func() {
		if rerr := w.conn.release(); rerr != nil && err == nil {
			n, err = 0, rerr
		}
	}()
	if n, err = w.flushWriter.Write(p); err != nil {
		return n, err
	}
	// Flushing empties net/http's buffers into the held connection, so
	// that nothing of p waits for the handler to return.
	return n, w.FlushError()
}

// Flush sends what net/http buffered; FlushError, which
// http.ResponseController's Flush calls, tells whether it could.
func (w *writer) Flush() { _ = w.FlushError() }

// Hijack hands the connection over, as net/http's ResponseWriter does.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return http.NewResponseController(w.flushWriter).Hijack()
}

// ReadFrom copies r to the answer as net/http's ResponseWriter does,
// with sendfile for a file.
func (w *writer) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := w.flushWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w}, r)
}

// Unwrap gives http.ResponseController net/http's ResponseWriter.
func (w *writer) Unwrap() http.ResponseWriter { return w.flushWriter }
