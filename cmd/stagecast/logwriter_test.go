package main

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the writer's timer goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLogWriterFlushesWithinItsPeriod(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out syncBuffer
		w := newLogWriter(&out)
		fmt.Fprintln(w, "one")
		fmt.Fprintln(w, "two")
		if out.String() != "" {
			t.Fatalf("written at once: %q", out.String())
		}
		time.Sleep(logFlushEvery)
		synctest.Wait()
		if out.String() != "one\ntwo\n" {
			t.Fatalf("after the period: %q", out.String())
		}
		fmt.Fprintln(w, "three")
		time.Sleep(logFlushEvery)
		synctest.Wait()
		if out.String() != "one\ntwo\nthree\n" {
			t.Fatalf("after a second period: %q", out.String())
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestLogWriterWritesAFullBufferAndWhatWaitsOnClose(t *testing.T) {
	var out syncBuffer
	w := newLogWriter(&out)
	line := strings.Repeat("x", 1023) + "\n"
	for range logBufferMax / len(line) {
		if _, err := w.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(out.String()); got != logBufferMax {
		t.Fatalf("a full buffer wrote %d bytes, want %d", got, logBufferMax)
	}
	fmt.Fprintln(w, "last")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), "x\nlast\n") {
		t.Fatalf("Close did not write what waited: ...%q", out.String()[len(out.String())-10:])
	}
	fmt.Fprintln(w, "after")
	if !strings.HasSuffix(out.String(), "last\nafter\n") {
		t.Fatal("a write after Close did not go straight out")
	}
}

func TestLogWriterConcurrentRecordsStayWhole(t *testing.T) {
	var out syncBuffer
	w := newLogWriter(&out)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				fmt.Fprintf(w, "record %d %d\n", g, i)
			}
		})
	}
	wg.Wait()
	_ = w.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 8*500 {
		t.Fatalf("%d lines, want %d", len(lines), 8*500)
	}
	for _, l := range lines {
		var g, i int
		if _, err := fmt.Sscanf(l, "record %d %d", &g, &i); err != nil {
			t.Fatalf("a record was split: %q", l)
		}
	}
}

func TestLogWriterWritesErrorsAtOnce(t *testing.T) {
	for _, rec := range []string{
		`{"time":"t","level":"ERROR","msg":"boom"}` + "\n",
		"time=t level=ERROR msg=boom\n",
	} {
		var out syncBuffer
		w := newLogWriter(&out)
		fmt.Fprintln(w, "before")
		fmt.Fprint(w, rec)
		if out.String() != "before\n"+rec {
			t.Fatalf("an ERROR record waited: %q", out.String())
		}
		_ = w.Close()
	}
}
