package mediaprobe

import (
	"fmt"
	"io"

	"github.com/stagecast/stagecast/app"
)

// window serves the parser's small reads (a box header, the start of
// mvhd) from one fixed buffer, refilled with one ReadAt when a read falls
// outside it. The buffer never grows with what the file says, and the
// refills are capped at maxReads, so a parse reads at most
// maxReads*windowSize bytes whatever the input.
type window struct {
	r     io.ReaderAt
	size  int64 // of the whole file
	buf   [windowSize]byte
	off   int64 // the file offset of buf[0]
	n     int   // valid bytes in buf
	reads int
}

// bytes returns n bytes at off. Callers check off+n <= size beforehand
// and keep n far below windowSize; the slice is valid until the next call.
func (w *window) bytes(off int64, n int) ([]byte, error) {
	if off >= w.off && off+int64(n) <= w.off+int64(w.n) {
		return w.buf[off-w.off : off-w.off+int64(n)], nil
	}
	if w.reads >= maxReads {
		return nil, app.ErrNotMP4.WithCause(fmt.Errorf("more than %d reads", maxReads))
	}
	w.reads++
	want := int(min(int64(windowSize), w.size-off))
	got, err := w.r.ReadAt(w.buf[:want], off)
	// io.ReaderAt may report io.EOF along with a full read at the end.
	if got < n {
		w.n = 0
		if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
			// Shorter than its announced size: an interrupted upload.
			return nil, app.ErrNotMP4.WithCause(fmt.Errorf("read at %d: %w", off, io.ErrUnexpectedEOF))
		}
		return nil, fmt.Errorf("mediaprobe: read at %d: %w", off, err)
	}
	w.off, w.n = off, got
	return w.buf[:n], nil
}
