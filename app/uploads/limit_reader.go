package uploads

import (
	"errors"
	"io"
)

// limitReader fails once more than left bytes were read, and remembers it,
// so that an upload stops at the limit whatever the adapter does with the
// error.
type limitReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

var errLimit = errors.New("upload over the size limit")

func (l *limitReader) Read(p []byte) (int, error) {
	if l.exceeded {
		return 0, errLimit
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1] // one byte past the limit tells "over" from "exactly at"
	}
	n, err := l.r.Read(p)
	if int64(n) > l.left {
		l.exceeded = true
		return int(l.left), errLimit
	}
	l.left -= int64(n)
	return n, err
}
