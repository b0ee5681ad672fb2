package socketio_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/ports/live/socketio"
)

// A polling client that stops polling cannot take its events: its queue
// fills and it is disconnected, while the writes that feed it and another
// client of the room go on unhindered.
func TestSlowSocketIsDisconnectedAlone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	vid := e.video(t, ada)
	fast := e.dial(t, nil, nil)
	fast.mustConnect(ada.Token)
	fast.call("join_video", vid)

	slow := e.poll(t, nil)
	slow.send(`40{"token":"` + ada.Token + `"}`)
	slow.getUntil("40")
	slow.send(`421["join_video","` + vid + `"]`)
	slow.getUntil("431")
	// From here on the slow client polls no more.

	// The writes come in bursts the fast client keeps up with; the slow
	// one takes none of them.
	n := socketio.QueueSize + 64
	start := time.Now()
	for i := range n {
		e.comment(t, ada, vid, fmt.Sprintf("comment %d", i))
		if (i+1)%32 == 0 {
			fast.count("new_comment", i+1, wait)
		}
	}
	fast.count("new_comment", n, wait)
	t.Logf("%d comments written and delivered in %v", n, time.Since(start))
	waitFor(t, "the slow socket's Conn to close", func() bool { return e.sys.Services.Live.Connections() == 1 })
	// Its transport is closed: its next poll takes what was in the
	// engine's buffer and the Engine.IO close packet, or finds the session
	// gone; either way socket.io-client reconnects by itself.
	for polls := 0; ; polls++ {
		res, body := slow.do(http.MethodGet, slow.base+"&sid="+url.QueryEscape(slow.sid), nil, "")
		closed := res.StatusCode == http.StatusOK && (body == "1" || strings.HasSuffix(body, "\x1e1"))
		gone := res.StatusCode == http.StatusBadRequest && strings.Contains(body, "Session ID unknown")
		if closed || gone {
			break
		}
		if res.StatusCode != http.StatusOK || polls == 10 {
			t.Fatalf("the slow client's poll %d: %d, %d bytes ending %q", polls, res.StatusCode, len(body), body[max(0, len(body)-40):])
		}
	}
	if got := decodeComment(t, fast.call("send_comment", map[string]string{"videoId": vid, "content": "after"})); got.Content != "after" {
		t.Errorf("fast client after the slow one left: %+v", got)
	}
}

func decodeComment(t *testing.T, raw []byte) classicComment {
	t.Helper()
	return decode[classicComment](t, raw)
}

func TestShutdownDisconnectsEverySocket(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	a, b := e.dial(t, nil, nil), e.dial(t, nil, nil)
	a.mustConnect(ada.Token)
	b.mustConnect(ada.Token)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := e.sys.Services.Live.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	// The transports close, without a DISCONNECT: socket.io-client
	// reconnects by itself, to another instance or to this one restarted.
	a.transportClosed()
	b.transportClosed()
}

func TestRevokedSessionIsDisconnectedAtItsNextWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	vid := e.video(t, ada)
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)
	if err := e.sys.Services.Accounts.Logout(context.Background(), ada.P); err != nil {
		t.Fatal(err)
	}
	c.emit("send_comment", map[string]string{"videoId": vid, "content": "too late"})
	c.disconnected()
	waitFor(t, "the Conn to close", func() bool { return e.sys.Services.Live.Connections() == 0 })
}

// A client that goes away before the server accepts it leaves no Conn.
func TestClientGoneDuringConnectLeavesNoConn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	for range 5 {
		c := e.dial(t, nil, nil)
		c.write(`40{"token":"` + ada.Token + `"}`)
		_ = c.ws.Close()
	}
	waitFor(t, "every Conn to close", func() bool { return e.sys.Services.Live.Connections() == 0 })
}

func TestPollingObeysCORSOrigins(t *testing.T) {
	t.Parallel()
	const allowed = "http://allowed.test"
	e := newEnv(t, allowed)
	handshake := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, e.url+"/socket.io/?EIO=4&transport=polling", nil)
		req.Header.Set("Origin", origin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := handshake(allowed)
	if res.StatusCode != http.StatusOK || res.Header.Get("Access-Control-Allow-Origin") != allowed || res.Header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("allowed origin: %d, ACAO %q, ACAC %q", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Access-Control-Allow-Credentials"))
	}
	res = handshake("http://evil.test")
	if acao := res.Header.Get("Access-Control-Allow-Origin"); acao != "" || res.StatusCode != http.StatusForbidden {
		t.Errorf("other origin: %d, ACAO %q", res.StatusCode, acao)
	}
	res = handshake(e.url)
	if res.StatusCode != http.StatusOK {
		t.Errorf("same origin: %d", res.StatusCode)
	}
	if _, err := e.tryDial(t, nil, http.Header{"Origin": {"http://evil.test"}}); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("WebSocket from another origin: %v", err)
	}
	e.dial(t, nil, http.Header{"Origin": {allowed}})
	e.dial(t, nil, http.Header{"Origin": {e.url}})

	// Without CORS origins, only the server's own pages may connect.
	own := newEnv(t)
	if _, err := own.tryDial(t, nil, http.Header{"Origin": {allowed}}); err == nil {
		t.Error("a cross-origin WebSocket was accepted without CORS origins")
	}
	own.dial(t, nil, http.Header{"Origin": {own.url}})
}

// TestLeavingTheNamespaceClosesTheConnection: a client that disconnects
// its socket loses its engine connection too, so that it cannot open and
// drop sockets on one connection in a loop.
func TestLeavingTheNamespaceClosesTheConnection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)
	c.write("41")
	c.transportClosed()
	waitFor(t, "the Conn to close", func() bool { return e.sys.Services.Live.Connections() == 0 })
}

// TestUnreadAnswersEndTheSocket: a client that sends events and reads none
// of the answers is cut once they fill the queue, rather than piling them
// up in the library's buffer.
func TestUnreadAnswersEndTheSocket(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	p := e.poll(t, nil)
	p.send(`40{"token":"` + ada.Token + `"}`)
	p.getUntil("40")
	batch := make([]string, 100)
	for i := range batch {
		batch[i] = fmt.Sprintf(`42%d["nonsense"]`, i)
	}
	for range 2 * socketio.QueueSize / len(batch) {
		res, _ := p.do(http.MethodPost, p.base+"&sid="+url.QueryEscape(p.sid), nil, strings.Join(batch, "\x1e"))
		if res.StatusCode != http.StatusOK {
			break // the session is gone already
		}
	}
	waitFor(t, "the socket to be cut", func() bool { return e.sys.Services.Live.Connections() == 0 })
}

// TestExpiredTokenDisconnects: a socket ends with a server DISCONNECT when
// its access token expires, so that the client refreshes it first.
func TestExpiredTokenDisconnects(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"JWT_ACCESS_TTL": "2s"})
	ada := e.member(t, "ada")
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)
	c.disconnected()
	waitFor(t, "the Conn to close", func() bool { return e.sys.Services.Live.Connections() == 0 })
}
