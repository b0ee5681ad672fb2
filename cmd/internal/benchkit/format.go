package benchkit

import (
	"fmt"
	"strings"
	"time"
)

// SplitList splits a comma-separated list, dropping empty items.
func SplitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Millis writes a duration in milliseconds.
func Millis(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}

// MiB writes bytes in MiB.
func MiB(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// KiB writes bytes in KiB.
func KiB(b float64) string { return fmt.Sprintf("%.1f KiB", b/(1<<10)) }
