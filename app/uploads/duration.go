package uploads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/stagecast/stagecast/app"
)

// readDuration reads a stored video's length from its container with a few
// ranged reads, wherever the moov box sits, and checks it.
func (s *Service) readDuration(ctx context.Context, key string, size int64) (float64, error) {
	d, err := s.probe.Duration(rangeReader{ctx: ctx, store: s.media, key: key}, size)
	switch {
	case errors.Is(err, app.ErrNotMP4), errors.Is(err, app.ErrNoDuration):
		s.log.InfoContext(ctx, "video without readable duration", "key", key, "err", err)
		return 0, ErrNoDuration
	case err != nil:
		return 0, err // storage failed; not the client's fault
	}
	return d, s.checkDuration(d)
}

// checkDuration refuses a length that no real video has: not a finite
// number, or over the configured maximum (a crafted header can claim 10^19
// seconds).
func (s *Service) checkDuration(d float64) error {
	if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
		return ErrNoDuration
	}
	if d > s.set.MaxVideoDuration.Seconds() {
		return ErrTooLong.WithMessage("Video is longer than the " + shortDuration(s.set.MaxVideoDuration) + " limit")
	}
	return nil
}

// shortDuration writes d as people do: "24h", "90m", "45s".
func shortDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

// rangeReader reads a stored object through ranged reads.
type rangeReader struct {
	ctx   context.Context
	store app.MediaStore
	key   string
}

func (r rangeReader) ReadAt(p []byte, off int64) (int, error) {
	b, err := r.store.ReadRange(r.ctx, r.key, off, int64(len(p)))
	n := copy(p, b)
	if err != nil {
		return n, err
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
