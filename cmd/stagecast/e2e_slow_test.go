package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowLoginBody is how long the trickled login bodies are: at one byte a
// second they would hold a connection for 40 s.
const slowLoginBody = 40

// slowLogin is a client that sends a login body one byte a second, as a
// slow-loris attack does, and records how the server ends it.
type slowLogin struct {
	start time.Time
	done  chan slowEnd
}

type slowEnd struct {
	status int
	body   string
	closed bool // the server closed the connection after answering
	after  time.Duration
	err    error
}

// openSlowLogins starts n slow logins against base.
func openSlowLogins(t *testing.T, base string, n int) []*slowLogin {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	out := make([]*slowLogin, n)
	for i := range out {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		s := &slowLogin{start: time.Now(), done: make(chan slowEnd, 1)}
		fmt.Fprintf(conn, "POST /api/v1/auth/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
			addr, slowLoginBody)
		go func() {
			for range slowLoginBody {
				if _, err := conn.Write([]byte{' '}); err != nil {
					return
				}
				time.Sleep(time.Second)
			}
		}()
		go func() {
			br := bufio.NewReader(conn)
			res, err := http.ReadResponse(br, nil)
			if err != nil {
				s.done <- slowEnd{err: err, after: time.Since(s.start)}
				return
			}
			b, _ := io.ReadAll(res.Body)
			// After the answer the server must hang up; a reset, because
			// the client is still sending, is a hang-up too.
			_, err = br.ReadByte()
			closed := errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
			s.done <- slowEnd{status: res.StatusCode, body: string(b), closed: closed, after: time.Since(s.start)}
		}()
		out[i] = s
	}
	return out
}

// expectSlowLoginsDropped waits for every slow login to be answered 408
// and disconnected, within the 10 s a JSON body may take plus a margin
// for a loaded machine: without the bound, each would last 40 s.
func expectSlowLoginsDropped(t *testing.T, logins []*slowLogin) {
	t.Helper()
	const limit = 25 * time.Second
	for i, s := range logins {
		select {
		case end := <-s.done:
			switch {
			case end.err != nil:
				t.Errorf("slow login %d: no answer after %v: %v", i, end.after, end.err)
			case end.status != http.StatusRequestTimeout || end.body != `{"success":false,"message":"Request timeout"}`:
				t.Errorf("slow login %d: %d %s", i, end.status, end.body)
			case !end.closed:
				t.Errorf("slow login %d: connection left open after the answer", i)
			}
		case <-time.After(time.Until(s.start.Add(limit))):
			t.Errorf("slow login %d still open after %v", i, limit)
		}
	}
}
