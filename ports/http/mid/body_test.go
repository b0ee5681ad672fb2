package mid

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stagecast/stagecast/ports/http/web"
)

// The durations of these tests are short, but every failure they catch
// would take many times as long: a client that trickles for seconds where
// the server must give up within a fraction of one.
const (
	testDrain  = 200 * time.Millisecond
	trickleGap = 50 * time.Millisecond
)

// bodyServer serves h behind the middleware the router puts in front of
// handlers, so that http.ResponseController must reach the connection
// through their wrappers.
func bodyServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	var handler http.Handler = h
	handler = BodyDeadlines(testDrain)(handler)
	handler = Recover(log)(handler)
	handler = AccessLog(log)(handler)
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

// readAndAnswer reads the whole body and answers 200 "<n> bytes", or the
// error's JSON.
func readAndAnswer(w http.ResponseWriter, r *http.Request) {
	n, err := io.Copy(io.Discard, r.Body)
	if err != nil {
		web.Error(w, r, slog.New(slog.DiscardHandler), err)
		return
	}
	fmt.Fprintf(w, "%d bytes", n)
}

// slowClient opens a connection, sends the head of a request whose body
// has length bytes, and then sends the body one byte per gap, until the
// body is done or the server closes the connection.
type slowClient struct {
	conn net.Conn
	done chan struct{} // closed when the trickle stops
}

func startSlow(t *testing.T, srv *httptest.Server, method string, length int, gap time.Duration) *slowClient {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "%s / HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", method, length)
	c := &slowClient{conn: conn, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for range length {
			if _, err := conn.Write([]byte{' '}); err != nil {
				return
			}
			time.Sleep(gap)
		}
	}()
	return c
}

// response reads the answer, failing after limit: by then the server has
// not answered a client it had to drop long before.
func (c *slowClient) response(t *testing.T, limit time.Duration) (*http.Response, string) {
	t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(limit))
	br := bufio.NewReader(c.conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	if res.Close {
		// The server must then close the connection, not wait for more: a
		// reset (the client was still sending) is a close too.
		if n, err := br.Read(make([]byte, 1)); n != 0 || !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("connection still open after Connection: close: %d %v", n, err)
		}
	}
	return res, string(b)
}

func TestBodyWithinAnswers408AndCloses(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		BodyWithin(r, testDrain)
		readAndAnswer(w, r)
	})
	c := startSlow(t, srv, "POST", 200, trickleGap) // ten seconds of body
	res, body := c.response(t, 5*time.Second)
	if res.StatusCode != http.StatusRequestTimeout || body != `{"success":false,"message":"Request timeout"}` || !res.Close {
		t.Fatalf("got %d %q close=%v", res.StatusCode, body, res.Close)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("Content-Type %q", res.Header.Get("Content-Type"))
	}
}

func TestBodyWithinLetsAPromptBodyThrough(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		BodyWithin(r, time.Minute)
		readAndAnswer(w, r)
	})
	res, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "7 bytes" {
		t.Fatalf("got %d %s", res.StatusCode, b)
	}
}

func TestBodyMinRate(t *testing.T) {
	t.Parallel()
	// 1,000 bytes per second over windows of 200 ms: 200 bytes per window.
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		BodyMinRate(r, 1000, 4*trickleGap)
		if r.URL.Query().Has("pause") {
			// Time the handler spends between reads is not the client's.
			buf := make([]byte, 100)
			for {
				_, err := r.Body.Read(buf)
				if err != nil {
					break
				}
				time.Sleep(3 * trickleGap)
			}
		}
		readAndAnswer(w, r)
	})
	t.Run("too slow", func(t *testing.T) {
		t.Parallel()
		c := startSlow(t, srv, "POST", 200, trickleGap) // 20 bytes a second
		res, body := c.response(t, 5*time.Second)
		if res.StatusCode != http.StatusRequestTimeout || body != `{"success":false,"message":"Upload too slow"}` || !res.Close {
			t.Fatalf("got %d %q close=%v", res.StatusCode, body, res.Close)
		}
	})
	t.Run("fast enough", func(t *testing.T) {
		t.Parallel()
		// 100 bytes every 10 ms is ten times the rate, with pauses.
		pr, pw := io.Pipe()
		go func() {
			for range 10 {
				pw.Write(make([]byte, 100))
				time.Sleep(trickleGap / 5)
			}
			pw.Close()
		}()
		res, err := http.Post(srv.URL, "application/octet-stream", pr)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "1000 bytes" {
			t.Fatalf("got %d %s", res.StatusCode, b)
		}
	})
	t.Run("server pauses", func(t *testing.T) {
		t.Parallel()
		// Each read is followed by 150 ms of server work, so 100 bytes
		// per 150 ms of wall time: below the rate, but the client sent
		// everything at once and never kept the server waiting.
		res, err := http.Post(srv.URL+"?pause", "application/octet-stream", strings.NewReader(strings.Repeat("x", 500)))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 {
			b, _ := io.ReadAll(res.Body)
			t.Fatalf("got %d %s", res.StatusCode, b)
		}
	})
}

// TestBodyDrainIsBounded answers without reading the body: net/http then
// reads what is left before it answers, to keep the connection, and that
// read must not wait for a trickling client.
func TestBodyDrainIsBounded(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		web.Fail(w, r, http.StatusUnauthorized, "UNAUTHORIZED")
	})
	c := startSlow(t, srv, "POST", 200, trickleGap)
	res, body := c.response(t, 5*time.Second)
	if res.StatusCode != http.StatusUnauthorized || body != `{"success":false,"message":"UNAUTHORIZED"}` || !res.Close {
		t.Fatalf("got %d %q close=%v", res.StatusCode, body, res.Close)
	}
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the connection stayed open for the rest of the body")
	}
}

// TestBodyDrainKeepsAPromptConnection leaves a small body unread: the
// client sends it at once, so the connection is kept for the next request.
func TestBodyDrainKeepsAPromptConnection(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		web.Fail(w, r, http.StatusUnauthorized, "UNAUTHORIZED")
	})
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	for i := range 2 {
		fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello")
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		io.Copy(io.Discard, res.Body)
		if res.StatusCode != 401 || res.Close {
			t.Fatalf("request %d: %d close=%v", i, res.StatusCode, res.Close)
		}
	}
}

// TestBodyDeadlinesNeverReachABodilessRequest streams an answer to a GET
// for longer than any deadline: none may be set, because net/http is
// already reading the connection in the background, and a deadline there
// would cancel the request under the stream.
func TestBodyDeadlinesNeverReachABodilessRequest(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		BodyWithin(r, time.Millisecond)
		BodyMinRate(r, 1<<20, time.Millisecond)
		w.WriteHeader(http.StatusOK)
		http.NewResponseController(w).Flush()
		time.Sleep(2 * testDrain)
		if r.Context().Err() != nil {
			fmt.Fprint(w, "cancelled")
			return
		}
		fmt.Fprint(w, "still here")
	})
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "still here" {
		t.Fatalf("got %d %s", res.StatusCode, b)
	}
}

// TestBodyDeadlineEndsWithTheBody reads a body in time, then works past
// the deadline: the request must live on.
func TestBodyDeadlineEndsWithTheBody(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		BodyWithin(r, trickleGap)
		if _, err := io.ReadAll(r.Body); err != nil {
			web.Fail(w, r, http.StatusBadRequest, err.Error())
			return
		}
		time.Sleep(testDrain)
		if err := r.Context().Err(); err != nil {
			web.Fail(w, r, http.StatusInternalServerError, err.Error())
			return
		}
		fmt.Fprint(w, "still here")
	})
	res, err := http.Post(srv.URL, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "still here" {
		t.Fatalf("got %d %s", res.StatusCode, b)
	}
}

// TestResponseControllerReachesTheConnection checks that every wrapper in
// front of handlers lets http.ResponseController through.
func TestResponseControllerReachesTheConnection(t *testing.T) {
	t.Parallel()
	srv := bodyServer(t, func(w http.ResponseWriter, r *http.Request) {
		ctl := http.NewResponseController(w)
		if err := ctl.SetReadDeadline(time.Time{}); err != nil {
			web.Fail(w, r, http.StatusInternalServerError, "SetReadDeadline: "+err.Error())
			return
		}
		if err := ctl.Flush(); err != nil {
			web.Fail(w, r, http.StatusInternalServerError, "Flush: "+err.Error())
			return
		}
		fmt.Fprint(w, "ok")
	})
	for _, body := range []io.Reader{nil, strings.NewReader("with a body")} {
		res, err := http.Post(srv.URL, "text/plain", body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(b) != "ok" {
			t.Fatalf("got %d %s", res.StatusCode, b)
		}
	}
}
