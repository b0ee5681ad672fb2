package coalesce_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/ports/http/coalesce"
)

// counted is a listener whose connections count their writes.
type counted struct {
	net.Listener
	writes *atomic.Int64
}

func (l counted) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, writes: l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// serve runs h as the server does, behind coalesce.Handler when held is
// set, and returns its address and the count of its connections' writes.
func serve(t *testing.T, h http.Handler, held bool) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	writes := new(atomic.Int64)
	if held {
		h = coalesce.Handler(h)
	}
	srv := &http.Server{
		Handler: h, ConnContext: coalesce.ConnContext, ReadHeaderTimeout: 10 * time.Second,
		// net/http logs the refused write after a hijack, which a test
		// makes on purpose.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() { _ = srv.Serve(coalesce.Listener(counted{ln, writes})) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String(), writes
}

// get reads url's body with a client of its own.
func get(t *testing.T, url string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// page writes body at once with its length, as web.WriteJSONBody does.
func page(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	})
}

func TestLargeAnswerIsOneWrite(t *testing.T) {
	t.Parallel()
	body := bytes.Repeat([]byte("0123456789abcdef"), 600) // 9,600 bytes
	for _, tc := range []struct {
		name   string
		held   bool
		writes int64
	}{
		// net/http alone sends its buffer, then the rest: the test
		// tells the two apart.
		{"net/http", false, 2},
		{"held", true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url, writes := serve(t, page(body), tc.held)
			if got := get(t, url); !bytes.Equal(got, body) {
				t.Fatalf("body of %d bytes, want the %d written", len(got), len(body))
			}
			if got := writes.Load(); got != tc.writes {
				t.Errorf("%d writes to the connection, want %d", got, tc.writes)
			}
		})
	}
}

// Writes net/http would not split, and writes too large to hold, go out
// as net/http sends them.
func TestSmallAndHugeWritesPassThrough(t *testing.T) {
	t.Parallel()
	for _, size := range []int{10, 2 << 10, 1 << 20} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			t.Parallel()
			body := bytes.Repeat([]byte("x"), size)
			var writes [2]int64
			for i, held := range []bool{false, true} {
				url, n := serve(t, page(body), held)
				if got := get(t, url); !bytes.Equal(got, body) {
					t.Fatalf("body of %d bytes, want %d", len(got), size)
				}
				writes[i] = n.Load()
			}
			if writes[0] != writes[1] {
				t.Errorf("%d writes to the connection, where net/http alone makes %d", writes[1], writes[0])
			}
		})
	}
}

// A Write of exactly net/http's buffer, with no length set, still gets the
// Content-Length net/http gives it when the handler returns: it is not
// held, which would send the header first.
func TestBufferSizedWriteKeepsItsLength(t *testing.T) {
	t.Parallel()
	body := bytes.Repeat([]byte("y"), 2<<10)
	url, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(body)
	}), true)
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length %d, want %d", res.ContentLength, len(body))
	}
}

// A held write that fails closes the connection, as net/http does after
// its own failed writes: the client sees the end at once rather than
// wait on a connection kept for its next request. A flush's failure
// reaches http.ResponseController.
func TestFailedWrites(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		write func(w http.ResponseWriter) error
	}{
		{"held write", func(w http.ResponseWriter) error {
			w.Header().Set("Content-Length", "10000")
			_, err := w.Write(bytes.Repeat([]byte("z"), 10000))
			return err
		}},
		{"flush", func(w http.ResponseWriter) error {
			_, _ = w.Write([]byte("short"))
			return http.NewResponseController(w).Flush()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			failed := make(chan error, 1)
			url, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(-time.Second))
				failed <- tc.write(w)
			}), true)
			client := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
			defer client.CloseIdleConnections()
			res, err := client.Get(url)
			if err == nil {
				_, err = io.ReadAll(res.Body)
				res.Body.Close()
			}
			var netErr net.Error
			if err == nil || (errors.As(err, &netErr) && netErr.Timeout()) {
				t.Errorf("the client got %v, want the connection's end", err)
			}
			if err := <-failed; err == nil {
				t.Error("the handler's write succeeded past its deadline")
			}
		})
	}
}

// A held Write is sent when it returns, not when the handler does: a
// streamed answer's client reads each part as it is written.
func TestHeldWriteIsSentWhenItReturns(t *testing.T) {
	t.Parallel()
	first := bytes.Repeat([]byte("a"), 3000)
	read := make(chan struct{})
	url, writes := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(first)
		select {
		case <-read:
		case <-time.After(10 * time.Second):
		}
		_, _ = w.Write([]byte("end"))
	}), true)

	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no header while the handler waits: %v", err)
	}
	got := make([]byte, len(first))
	if _, err := io.ReadFull(res.Body, got); err != nil || !bytes.Equal(got, first) {
		t.Fatalf("first part while the handler waits: %v", err)
	}
	if n := writes.Load(); n != 1 {
		t.Errorf("the header and the first part took %d writes, want 1", n)
	}
	close(read)
	rest, err := io.ReadAll(res.Body)
	if err != nil || string(rest) != "end" {
		t.Fatalf("rest %q, %v", rest, err)
	}
}

// The writer keeps the interfaces of net/http's: a WebSocket upgrade
// hijacks it, and a copy from a reader goes through ReadFrom.
func TestWriterKeepsNetHTTPInterfaces(t *testing.T) {
	t.Parallel()
	t.Run("hijack", func(t *testing.T) {
		t.Parallel()
		url, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hj, ok := w.(http.Hijacker)
			if !ok {
				http.Error(w, "no Hijacker", http.StatusInternalServerError)
				return
			}
			conn, rw, err := hj.Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			_ = rw.Flush()
		}), true)
		if got := get(t, url); string(got) != "hijacked" {
			t.Fatalf("body %q", got)
		}
	})
	// A Write after the connection is handed over is refused as net/http
	// refuses it, and holds nothing: the new owner's writes go out.
	t.Run("write after hijack", func(t *testing.T) {
		t.Parallel()
		url, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			if _, err := w.Write(bytes.Repeat([]byte("h"), 3000)); !errors.Is(err, http.ErrHijacked) {
				_, _ = io.WriteString(conn, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
				conn.Close()
				return
			}
			go func() {
				defer conn.Close()
				_, _ = io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nowned")
			}()
		}), true)
		if got := get(t, url); string(got) != "owned" {
			t.Fatalf("body %q", got)
		}
	})
	// net/http writes "100 Continue" from the goroutine that reads the
	// body, which may run beside a held Write (the race detector
	// watches): it comes before the answer. The client sends its body
	// without waiting for it, so that the read ends whatever comes first.
	t.Run("continue beside a held write", func(t *testing.T) {
		t.Parallel()
		answer := bytes.Repeat([]byte("c"), 3000)
		url, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				_, _ = io.Copy(io.Discard, r.Body)
			}()
			_, _ = w.Write(answer)
			<-done
		}), true)
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(strings.Repeat("b", 1000)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Expect", "100-continue")
		client := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
		defer client.CloseIdleConnections()
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if got, err := io.ReadAll(res.Body); err != nil || !bytes.Equal(got, answer) {
			t.Fatalf("answer of %d bytes (%v), want %d", len(got), err, len(answer))
		}
	})
	t.Run("flush and read from", func(t *testing.T) {
		t.Parallel()
		body := strings.Repeat("r", 100_000)
		url, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, ok := w.(http.Flusher); !ok {
				http.Error(w, "no Flusher", http.StatusInternalServerError)
				return
			}
			rf, ok := w.(io.ReaderFrom)
			if !ok {
				http.Error(w, "no ReaderFrom", http.StatusInternalServerError)
				return
			}
			_, _ = rf.ReadFrom(strings.NewReader(body))
		}), true)
		if got := get(t, url); string(got) != body {
			t.Fatalf("body of %d bytes, want %d", len(got), len(body))
		}
	})
}

// A Conn shuts its writing side as the connection it wraps does, which
// net/http asks of a connection it closes after an error.
func TestConnCloseWrite(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	wrapped := coalesce.Listener(ln)
	go func() {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err == nil {
			defer c.Close()
			_, _ = io.Copy(c, c) // echoes until the server shuts its side
		}
	}()
	c, err := wrapped.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cw, ok := c.(interface{ CloseWrite() error })
	if !ok {
		t.Fatal("a Conn has no CloseWrite")
	}
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	if err := cw.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "ping" {
		t.Fatalf("echo %q, %v: the peer did not see the end", got, err)
	}
}
