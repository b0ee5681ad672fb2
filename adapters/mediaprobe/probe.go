// Package mediaprobe reads media files the way the core needs them read:
// which accepted format a file is, from its first bytes, and how long an
// MP4 or QuickTime video runs, from its box structure. It uses the
// standard library only and never trusts a size read from the file: a
// parse costs a few small reads and a fixed buffer whatever the input.
package mediaprobe

import (
	"io"

	"github.com/stagecast/stagecast/app"
)

// Probe is the app.MediaProbe of this package. Its zero value is ready:
// it holds no state, so one value serves every request.
type Probe struct{}

var _ app.MediaProbe = Probe{}

// Sniff calls the package's Sniff.
func (Probe) Sniff(head []byte) (app.Format, bool) { return Sniff(head) }

// Duration calls the package's Duration.
func (Probe) Duration(r io.ReaderAt, size int64) (float64, error) { return Duration(r, size) }
