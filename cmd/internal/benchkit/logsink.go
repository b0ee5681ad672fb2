package benchkit

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

// LogSink takes the server's output in: it keeps the verification codes
// the log mailer writes, counts the records that are neither access
// records nor mails by message, and keeps the last lines.
type LogSink struct {
	verbose bool

	mu      sync.Mutex
	partial []byte
	mails   []mailRecord
	counts  map[string]int    // by "LEVEL msg"
	first   map[string]string // the first record of each key of counts
	order   []string          // first appearance of each key of counts
	access  int               // access records
	lines   []string          // ring of the last lines
	next    int
	changed chan struct{} // closed and replaced on every mail
}

// mailRecord is what the log mailer writes of one mail.
type mailRecord struct {
	To   string `json:"to"`
	Text string `json:"text"`
}

// NewLogSink makes a sink; verbose prints the unusual records to stderr
// as they come.
func NewLogSink(verbose bool) *LogSink {
	return &LogSink{verbose: verbose, counts: map[string]int{}, first: map[string]string{}, changed: make(chan struct{})}
}

// Write takes output in; it never fails.
func (l *LogSink) Write(p []byte) (int, error) {
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
func (l *LogSink) line(b []byte) {
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
			l.first[key] = string(b[:min(len(b), maxSample)])
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

// Tail is the last lines of output.
func (l *LogSink) Tail() string {
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
func (l *LogSink) exited(state *os.ProcessState, err error) {
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

// Notes lists the server's records other than access records, mails and
// start-up, with their counts.
func (l *LogSink) Notes() []string {
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

// Samples gives, for each kind of record that Notes counts at WARN or
// ERROR, the first such record (cut at maxSample bytes): the counts alone
// do not tell what failed.
func (l *LogSink) Samples() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, k := range l.order {
		if strings.HasPrefix(k, "WARN ") || strings.HasPrefix(k, "ERROR ") {
			out = append(out, l.first[k])
		}
	}
	return out
}

// maxSample bounds a kept record.
const maxSample = 600

var codePattern = regexp.MustCompile(`\b(\d{6})\b`)

// Code waits for a mail to an address with a six-digit code in it, and
// returns the code.
func (l *LogSink) Code(to string, timeout time.Duration) (string, error) {
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
