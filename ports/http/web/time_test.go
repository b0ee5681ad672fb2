package web

import (
	"testing"
	"time"
)

// A time marshals as TimeLayout, quoted, in UTC, into one buffer that
// needs no growing: two of them go into every item of a page.
func TestTimeMarshalJSON(t *testing.T) {
	at := time.Date(2026, 12, 2, 19, 4, 5, 123456789, time.FixedZone("CET", 3600))
	b, err := Time(at).MarshalJSON()
	if want := `"2026-12-02T18:04:05.123Z"`; err != nil || string(b) != want {
		t.Fatalf("MarshalJSON = %s, %v; want %s", b, err, want)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = Time(at).MarshalJSON() }); n != 1 {
		t.Errorf("MarshalJSON allocates %v times, want once", n)
	}
}
