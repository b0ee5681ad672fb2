// Package streamio holds the reader wrapper the storage adapters put around
// the caller's stream.
package streamio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrSizeMismatch is returned when a stream's length differs from the size
// the caller announced.
var ErrSizeMismatch = errors.New("stream length differs from the announced size")

// Reader wraps the caller's stream for an upload. It stops at context
// cancellation, counts bytes, and remembers the source's own error: HTTP
// clients report a failed request body as their own error, and Put must
// fail with the caller's error (for instance a size limit) so that the core
// can tell "too large" from "storage down".
//
// With a known size, the byte that completes it is only handed out once
// the source has confirmed its end. A request with a Content-Length is
// complete for the server as soon as that many bytes arrive, so a stream
// found too long, or failing, only after its last announced byte was sent
// would still be stored.
//
// As an HTTP request body, it is closed by the transport, possibly after
// Do returned; Wait blocks until then, after which N and Err may be read
// without racing the transport.
type Reader struct {
	ctx  context.Context
	r    io.Reader
	size int64 // announced length, or -1
	n    int64
	err  error
	eof  bool

	closeOnce sync.Once
	closed    chan struct{}
}

// NewReader wraps r. size is the announced length or -1; with a known size,
// a stream that ends before it or goes past it fails with ErrSizeMismatch.
func NewReader(ctx context.Context, r io.Reader, size int64) *Reader {
	return &Reader{ctx: ctx, r: r, size: size, closed: make(chan struct{})}
}

// Read implements io.Reader.
func (s *Reader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.eof {
		return 0, io.EOF
	}
	if err := s.ctx.Err(); err != nil {
		return 0, s.fail(err)
	}
	if s.size < 0 {
		n, err := s.r.Read(p)
		s.n += int64(n)
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.fail(err)
		}
		return n, err
	}
	rem := s.size - s.n
	if int64(len(p)) > rem {
		p = p[:rem]
	}
	n := 0
	var err error
	if len(p) > 0 {
		n, err = s.r.Read(p)
	}
	if err != nil && err != io.EOF {
		s.n += int64(n)
		return n, s.fail(err)
	}
	if s.n+int64(n) < s.size {
		s.n += int64(n)
		if err == io.EOF {
			return n, s.fail(fmt.Errorf("%w: %d of %d bytes", ErrSizeMismatch, s.n, s.size))
		}
		return n, nil
	}
	// This read completes the announced size: make sure the source ends
	// here before handing out the last byte.
	var probe [1]byte
	k, perr := io.ReadFull(s.r, probe[:])
	switch {
	case k == 0 && (perr == io.EOF || perr == io.ErrUnexpectedEOF):
		s.n += int64(n)
		s.eof = true
		return n, io.EOF
	case k > 0:
		perr = fmt.Errorf("%w: more than %d bytes", ErrSizeMismatch, s.size)
	}
	if n > 0 {
		n-- // withheld, so that the body stays incomplete
	}
	s.n += int64(n)
	return n, s.fail(perr)
}

func (s *Reader) fail(err error) error {
	s.err = err
	return err
}

// Close marks the reader as released by whoever consumed it (an HTTP
// transport closes its request body when done with it). It does not close
// the source, which belongs to the caller.
func (s *Reader) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return nil
}

// Wait blocks until Close was called or ctx is done, and reports whether
// Close was called.
func (s *Reader) Wait(ctx context.Context) bool {
	select {
	case <-s.closed:
		return true
	case <-ctx.Done():
		return false
	}
}

// N returns the number of bytes handed out so far.
func (s *Reader) N() int64 { return s.n }

// Err returns the first error of the source (or of the context, or the
// size check); nil when the stream was read cleanly or not to its end.
func (s *Reader) Err() error { return s.err }
