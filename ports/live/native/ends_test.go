package native_test

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/stagecast/stagecast/wiring/livetest"
)

// smallBuffers gives every accepted connection a small send buffer, so
// that a client that does not read fills the server's queue after a few
// hundred frames rather than megabytes.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(8 << 10)
	}
	return c, err
}

// TestSlowConsumerDelaysNobody: a client that never reads is closed when
// its queue is full, while 100 others receive every comment.
func TestSlowConsumerDelaysNobody(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{Listen: func(l net.Listener) net.Listener { return smallBuffers{l} }})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)

	dialer := *websocket.DefaultDialer
	dialer.NetDial = func(network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(4 << 10)
		}
		return c, err
	}
	slowConn, _, err := dialer.Dial(env.WSURL("/api/v1/live"), map[string][]string{"Authorization": {"Bearer " + m.Token}})
	if err != nil {
		t.Fatal(err)
	}
	defer slowConn.Close()
	slow := &client{t: t, conn: slowConn}
	slow.join(vid)

	const readers, comments = 100, 700
	var ready, done sync.WaitGroup
	counts := make([]atomic.Int64, readers)
	for i := range readers {
		c := dial(t, env, "/api/v1/live", m.Token)
		c.join(vid)
		ready.Add(1)
		done.Go(func() {
			ready.Done()
			deadline := time.Now().Add(30 * time.Second)
			for counts[i].Load() < comments {
				_ = c.conn.SetReadDeadline(deadline)
				_, b, err := c.conn.ReadMessage()
				if err != nil {
					t.Errorf("reader %d after %d comments: %v", i, counts[i].Load(), err)
					return
				}
				if strings.HasPrefix(string(b), `{"event":"new_comment"`) {
					counts[i].Add(1)
				}
			}
		})
	}
	ready.Wait()
	w := newPoster(t, env, m, vid)
	body := strings.Repeat("x", 1990)
	for i := range comments {
		w.post(t, fmt.Sprintf("%d %s", i, body))
		// The writes come in bursts that readers keep up with, however
		// slow the machine: the one that reads nothing falls behind alone.
		if i%50 == 49 {
			behind := time.Now().Add(30 * time.Second)
			for r := range counts {
				for counts[r].Load() < int64(i-100) {
					if time.Now().After(behind) {
						t.Fatalf("reader %d stalled at %d comments", r, counts[r].Load())
					}
					time.Sleep(time.Millisecond)
				}
			}
		}
	}
	done.Wait()

	// The slow one is gone: closed by the server, with 1013 if the close
	// frame got through before its write deadline.
	deadline := time.Now().Add(20 * time.Second)
	for env.Sys.Services.Live.Connections() > readers && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := env.Sys.Services.Live.Connections(); n != readers {
		t.Fatalf("%d connections open, want %d: the slow one was not closed", n, readers)
	}
	for {
		_ = slowConn.SetReadDeadline(time.Now().Add(wait))
		_, _, err := slowConn.ReadMessage()
		if err == nil {
			continue
		}
		// A client that reads nothing cannot read the close frame queued
		// behind its frames either: the write deadline ends it (1006).
		if ce, ok := err.(*websocket.CloseError); ok && ce.Code != websocket.CloseTryAgainLater && ce.Code != websocket.CloseAbnormalClosure {
			t.Fatalf("slow client closed with %d, want 1013 or an abrupt end", ce.Code)
		}
		break
	}
}

// TestExpiredTokenCloses4001: the connection ends when its access token
// expires, with 4001.
func TestExpiredTokenCloses4001(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{Vars: map[string]string{"JWT_ACCESS_TTL": "2s"}})
	m := env.Member(t, "member")
	c := dial(t, env, "/api/v1/live", m.Token)
	start := time.Now()
	if code := c.closeCode(); code != 4001 {
		t.Fatalf("close code %d, want 4001", code)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("closed after %s, the token lived 2s", d)
	}
}

// TestRevokedSessionCloses4001: after a logout, the session's connection
// may not comment, and is closed with 4001.
func TestRevokedSessionCloses4001(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)
	c := dial(t, env, "/api/live", m.Token)
	c.join(vid)
	env.Call(t, m.Token, "POST", "/api/v1/auth/logout", nil, 200, nil)
	c.send("send_comment", map[string]any{"videoId": vid, "content": "after logout"}, "late")
	// The frame has its one answer before the close.
	for {
		f := c.next()
		if f.Event == "viewers" {
			continue
		}
		if f.Event != "error" || string(f.Ack) != `"late"` || f.message() != "UNAUTHORIZED" {
			t.Fatalf("the answer to a send after logout: %s %s %s", f.Event, f.Ack, f.Data)
		}
		break
	}
	if code := c.closeCode(); code != 4001 {
		t.Fatalf("close code %d, want 4001", code)
	}
	var page struct {
		Data struct {
			TotalDocs int `json:"totalDocs"`
		} `json:"data"`
	}
	other := env.Login(t, m.Username)
	env.Call(t, other.Token, "GET", "/api/v1/comment/video-comments/"+vid, nil, 200, &page)
	if page.Data.TotalDocs != 0 {
		t.Fatal("a revoked session's comment was stored")
	}
}

// TestShutdownCloses1001: closing the system closes every connection with
// 1001, and new connections are refused.
func TestShutdownCloses1001(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)
	a, b := dial(t, env, "/api/v1/live", m.Token), dial(t, env, "/api/live", m.Token)
	a.join(vid)
	closed := make(chan error, 1)
	go func() { closed <- env.Sys.Close() }()
	for _, c := range []*client{a, b} {
		if code := c.closeCode(); code != websocket.CloseGoingAway {
			t.Fatalf("close code %d, want 1001", code)
		}
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the system did not close")
	}
}
