package main

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// Bounds of logWriter's buffer: how long a record may wait, and how many
// bytes may wait before a write goes out at once.
const (
	logFlushEvery = 50 * time.Millisecond
	logBufferMax  = 64 << 10
)

// logWriter gathers log records and writes them out together, at most
// logFlushEvery after the first one waiting: a write to the terminal or a
// pipe per request was a system call on every request, about a tenth of
// the CPU of a small one. Records are whole lines when they arrive (slog
// writes each record once), so a batch never splits one. A process killed
// outright loses at most the last logFlushEvery of records, never an
// ERROR one: those go out at once, with what waited before them, as what
// explains a crash is often the last thing logged. Close writes what
// waits.
type logWriter struct {
	out io.Writer

	mu      sync.Mutex
	buf     []byte
	pending bool // a flush is scheduled
	closed  bool
	timer   *time.Timer
}

func newLogWriter(out io.Writer) *logWriter {
	w := &logWriter{out: out}
	w.timer = time.AfterFunc(time.Hour, w.flush)
	w.timer.Stop()
	return w
}

// Write takes a copy of p. A full buffer is written out at once, by the
// caller; otherwise a flush is scheduled. Errors of the output are those
// of a later flush, and a log has no one to report them to: they are
// dropped, as a failing terminal would drop them.
func (w *logWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.out.Write(p)
	}
	w.buf = append(w.buf, p...)
	if len(w.buf) >= logBufferMax || isError(p) {
		w.writeLocked()
		return len(p), nil
	}
	if !w.pending {
		w.pending = true
		w.timer.Reset(logFlushEvery)
	}
	return len(p), nil
}

// isError reports whether a record is at ERROR level, in slog's JSON or
// text form.
func isError(p []byte) bool {
	return bytes.Contains(p, []byte(`"level":"ERROR"`)) || bytes.Contains(p, []byte("level=ERROR"))
}

// flush writes what waits.
func (w *logWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writeLocked()
}

func (w *logWriter) writeLocked() {
	w.pending = false
	if len(w.buf) == 0 {
		return
	}
	_, _ = w.out.Write(w.buf)
	if cap(w.buf) > 4*logBufferMax {
		w.buf = nil // a burst's buffer is not kept
	} else {
		w.buf = w.buf[:0]
	}
}

// Close writes what waits; later writes go straight out.
func (w *logWriter) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timer.Stop()
	w.writeLocked()
	w.closed = true
	return nil
}
