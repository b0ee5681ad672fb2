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
		f, flushes := w.(http.Flusher)
		if !ok || !flushes || r.ProtoMajor != 1 {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&writer{ResponseWriter: w, flusher: f, conn: c}, r)
	})
}

// writer is net/http's ResponseWriter with its large Writes held. It has
// the methods of net/http's own that the handlers and middleware look
// for: Flush, Hijack and ReadFrom, and Unwrap for the rest.
type writer struct {
	http.ResponseWriter
	flusher http.Flusher
	conn    *Conn
}

// Write writes p, and when it is large (see minHeld) the header still
// unsent and whatever net/http buffered with it, in one write to the
// connection.
func (w *writer) Write(p []byte) (int, error) {
	if len(p) < minHeld || len(p) > maxHeld {
		return w.ResponseWriter.Write(p)
	}
	w.conn.hold()
	n, err := w.ResponseWriter.Write(p)
	// Flushing empties net/http's buffers into the held connection, so
	// that nothing of p waits for the handler to return.
	w.flusher.Flush()
	if rerr := w.conn.release(); err == nil && rerr != nil {
		return 0, rerr
	}
	return n, err
}

// Flush sends what net/http buffered.
func (w *writer) Flush() { w.flusher.Flush() }

// Hijack hands the connection over, as net/http's ResponseWriter does.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// ReadFrom copies r to the answer as net/http's ResponseWriter does,
// with sendfile for a file.
func (w *writer) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w}, r)
}

// Unwrap gives http.ResponseController net/http's ResponseWriter.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
