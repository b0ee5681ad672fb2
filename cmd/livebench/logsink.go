package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// tailLines is how many of the server's last log lines are kept, for the
// error of a server that would not start.
const tailLines = 40

// logSink takes the server's output in: it keeps the verification codes
// the log mailer writes, counts the records that are neither access
// records nor mails by message, and keeps the last lines.
type logSink struct {
	verbose bool

	mu      sync.Mutex
	partial []byte
	mails   []mailRecord
	counts  map[string]int // by "LEVEL msg"
	order   []string       // first appearance of each key of counts
	access  int            // access records
	lines   []string       // ring of the last lines
	next    int
	changed chan struct{} // closed and replaced on every mail
}

// mailRecord is what the log mailer writes of one mail.
type mailRecord struct {
	To   string `json:"to"`
	Text string `json:"text"`
}

func newLogSink(verbose bool) *logSink {
	return &logSink{verbose: verbose, counts: map[string]int{}, changed: make(chan struct{})}
}

// Write takes output in; it never fails.
func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.line(l.partial[:i])
		l.partial = l.partial[i+1:]
	}
	if len(l.partial) == 0 {
		l.partial = nil // let a large buffer go
	}
	return len(p), nil
}

// line handles one line, with l.mu held.
func (l *logSink) line(b []byte) {
	switch {
	case bytes.Contains(b, []byte(`"msg":"http request"`)):
		l.access++
		return // too many to keep
	case bytes.Contains(b, []byte(`"msg":"mail sent"`)):
		var m mailRecord
		if json.Unmarshal(b, &m) == nil {
			l.mails = append(l.mails, m)
			close(l.changed)
			l.changed = make(chan struct{})
		}
	default:
		var rec struct {
			Level string `json:"level"`
			Msg   string `json:"msg"`
		}
		key := "(not JSON)"
		if json.Unmarshal(b, &rec) == nil {
			key = rec.Level + " " + rec.Msg
		}
		if l.counts[key] == 0 {
			l.order = append(l.order, key)
		}
		l.counts[key]++
		if l.verbose && !lifecycle[key] {
			fmt.Fprintf(os.Stderr, "server: %s\n", b)
		}
	}
	s := string(b)
	if len(l.lines) < tailLines {
		l.lines = append(l.lines, s)
		return
	}
	l.lines[l.next] = s
	l.next = (l.next + 1) % tailLines
}

// tail is the last lines of output.
func (l *logSink) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Concat(l.lines[l.next:], l.lines[:l.next])
	return strings.Join(out, "\n")
}

// lifecycle are the records of every start and stop, left out of the
// notes.
var lifecycle = map[string]bool{
	"INFO starting": true, "INFO listening": true, "INFO shutting down": true, "INFO stopped": true,
}

// exited records that the process ended by itself, and how.
func (l *logSink) exited(state *os.ProcessState, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := "the server exited before the bench stopped it"
	if state != nil {
		key += ": " + state.String()
	} else if err != nil {
		key += ": " + err.Error()
	}
	l.order = append(l.order, key)
	l.counts[key]++
}

// notes lists the server's records other than access records, mails and
// start-up, with their counts.
func (l *logSink) notes() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, k := range l.order {
		if lifecycle[k] {
			continue
		}
		out = append(out, fmt.Sprintf("%d× %s", l.counts[k], k))
	}
	return out
}

var codePattern = regexp.MustCompile(`\b(\d{6})\b`)

// code waits for a mail to an address with a six-digit code in it, and
// returns the code.
func (l *logSink) code(to string, timeout time.Duration) (string, error) {
	deadline := time.After(timeout)
	for {
		l.mu.Lock()
		for i := len(l.mails) - 1; i >= 0; i-- {
			if strings.EqualFold(l.mails[i].To, to) {
				if m := codePattern.FindStringSubmatch(l.mails[i].Text); m != nil {
					l.mu.Unlock()
					return m[1], nil
				}
			}
		}
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-changed:
		case <-deadline:
			return "", fmt.Errorf("no code mailed to %s within %v (the log mailer writes it at INFO)", to, timeout)
		}
	}
}
