package socketio_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// wait bounds every wait of the tests for the server.
const wait = 5 * time.Second

// packet is a Socket.IO packet as a test client reads it: its type digit
// ('0' CONNECT, '1' DISCONNECT, '2' EVENT, '3' ACK, '4' CONNECT_ERROR), its
// ack id (-1 when none) and its JSON data.
type packet struct {
	Type byte
	ID   int
	Data json.RawMessage
}

// parsePacket reads a Socket.IO packet of the default namespace.
func parsePacket(s string) (packet, error) {
	if s == "" {
		return packet{}, fmt.Errorf("empty packet")
	}
	p := packet{Type: s[0], ID: -1}
	rest := s[1:]
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n > 0 {
		p.ID, _ = strconv.Atoi(rest[:n])
	}
	p.Data = json.RawMessage(rest[n:])
	return p, nil
}

// event is a server event.
type event struct {
	Name string
	Data json.RawMessage
}

// sioConn is a Socket.IO client over a raw Engine.IO WebSocket.
type sioConn struct {
	t    *testing.T
	ws   *websocket.Conn
	open map[string]any

	writeMu sync.Mutex
	mu      sync.Mutex
	events  []event
	control []packet // CONNECT, DISCONNECT, CONNECT_ERROR
	acks    map[int]json.RawMessage
	nextID  int
	notify  chan struct{}
	closed  chan struct{} // the read loop ended
	err     error         // why it ended
}

// dial opens an Engine.IO WebSocket; query and header go with the upgrade.
func (e *env) dial(t *testing.T, query url.Values, header http.Header) *sioConn {
	t.Helper()
	c, err := e.tryDial(t, query, header)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *env) tryDial(t *testing.T, query url.Values, header http.Header) (*sioConn, error) {
	t.Helper()
	q := url.Values{"EIO": {"4"}, "transport": {"websocket"}}
	for k, v := range query {
		q[k] = v
	}
	u := "ws" + strings.TrimPrefix(e.url, "http") + "/socket.io/?" + q.Encode()
	ws, res, err := websocket.DefaultDialer.Dial(u, header)
	if err != nil {
		if res != nil {
			return nil, fmt.Errorf("dial: %w (status %d)", err, res.StatusCode)
		}
		return nil, fmt.Errorf("dial: %w", err)
	}
	c := &sioConn{t: t, ws: ws, acks: map[int]json.RawMessage{}, notify: make(chan struct{}, 1), closed: make(chan struct{})}
	t.Cleanup(func() { _ = ws.Close() })
	_ = ws.SetReadDeadline(time.Now().Add(wait))
	_, msg, err := ws.ReadMessage()
	if err != nil || len(msg) == 0 || msg[0] != '0' {
		return nil, fmt.Errorf("open packet: %q, %v", msg, err)
	}
	if err := json.Unmarshal(msg[1:], &c.open); err != nil {
		return nil, err
	}
	_ = ws.SetReadDeadline(time.Time{})
	go c.read()
	return c, nil
}

// read takes every Engine.IO packet in, answering pings.
func (c *sioConn) read() {
	defer close(c.closed)
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			c.mu.Lock()
			c.err = err
			c.mu.Unlock()
			c.wake()
			return
		}
		s := string(msg)
		switch {
		case s == "2":
			c.write("3")
		case strings.HasPrefix(s, "4"):
			p, err := parsePacket(s[1:])
			if err != nil {
				continue
			}
			c.mu.Lock()
			switch p.Type {
			case '2':
				var args []json.RawMessage
				_ = json.Unmarshal(p.Data, &args)
				ev := event{}
				if len(args) > 0 {
					_ = json.Unmarshal(args[0], &ev.Name)
				}
				if len(args) > 1 {
					ev.Data = args[1]
				}
				c.events = append(c.events, ev)
			case '3':
				var args []json.RawMessage
				_ = json.Unmarshal(p.Data, &args)
				if len(args) > 0 {
					c.acks[p.ID] = args[0]
				} else {
					c.acks[p.ID] = json.RawMessage("null")
				}
			default:
				c.control = append(c.control, p)
			}
			c.mu.Unlock()
			c.wake()
		}
	}
}

func (c *sioConn) wake() {
	select {
	case c.notify <- struct{}{}:
	default:
	}
}

// until waits for found to report true, checking it whenever a packet
// comes; it fails the test after d.
func (c *sioConn) until(d time.Duration, what string, found func() bool) {
	c.t.Helper()
	deadline := time.After(d)
	for {
		c.mu.Lock()
		ok, gone := found(), c.err
		c.mu.Unlock()
		if ok {
			return
		}
		if gone != nil {
			c.t.Fatalf("waiting for %s: connection ended: %v", what, gone)
		}
		select {
		case <-c.notify:
		case <-deadline:
			c.t.Fatalf("no %s within %v", what, d)
		}
	}
}

func (c *sioConn) write(s string) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_ = c.ws.WriteMessage(websocket.TextMessage, []byte(s))
}

// connect sends the CONNECT packet with auth (none when nil) and returns
// the server's answer: CONNECT or CONNECT_ERROR.
func (c *sioConn) connect(auth any) packet {
	c.t.Helper()
	s := "40"
	if auth != nil {
		b, _ := json.Marshal(auth)
		s += string(b)
	}
	c.write(s)
	var p packet
	c.until(wait, "CONNECT answer", func() bool {
		for _, q := range c.control {
			if q.Type == '0' || q.Type == '4' {
				p = q
				return true
			}
		}
		return false
	})
	return p
}

// mustConnect connects with auth.token and fails unless accepted.
func (c *sioConn) mustConnect(token string) {
	c.t.Helper()
	if p := c.connect(map[string]string{"token": token}); p.Type != '0' {
		c.t.Fatalf("connect refused: %s", p.Data)
	}
}

// emit sends an event without an acknowledgement.
func (c *sioConn) emit(name string, data any) {
	b, _ := json.Marshal([]any{name, data})
	c.write("42" + string(b))
}

// call sends an event with an acknowledgement and returns the ack's data.
func (c *sioConn) call(name string, data any) json.RawMessage {
	c.t.Helper()
	c.mu.Lock()
	id := c.nextID
	c.nextID++
	c.mu.Unlock()
	b, _ := json.Marshal([]any{name, data})
	c.write("42" + strconv.Itoa(id) + string(b))
	var out json.RawMessage
	c.until(wait, "ack of "+name, func() bool {
		var ok bool
		out, ok = c.acks[id]
		return ok
	})
	return out
}

// expect returns the data of the next event of that name, dropping the
// events of other names before it.
func (c *sioConn) expect(name string) json.RawMessage {
	c.t.Helper()
	var out json.RawMessage
	c.until(wait, name+" event", func() bool {
		for len(c.events) > 0 {
			ev := c.events[0]
			c.events = c.events[1:]
			if ev.Name == name {
				out = ev.Data
				return true
			}
		}
		return false
	})
	return out
}

// count returns how many events of that name came, waiting until n did.
func (c *sioConn) count(name string, n int, d time.Duration) {
	c.t.Helper()
	c.until(d, fmt.Sprintf("%d %s events", n, name), func() bool {
		got := 0
		for _, ev := range c.events {
			if ev.Name == name {
				got++
			}
		}
		return got >= n
	})
}

// disconnected waits for the server's DISCONNECT packet.
func (c *sioConn) disconnected() {
	c.t.Helper()
	c.until(wait, "DISCONNECT", func() bool {
		for _, p := range c.control {
			if p.Type == '1' {
				return true
			}
		}
		return false
	})
}

// transportClosed waits until the server closes the connection without a
// DISCONNECT packet.
func (c *sioConn) transportClosed() {
	c.t.Helper()
	select {
	case <-c.closed:
	case <-time.After(wait):
		c.t.Fatal("the server did not close the transport")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.control {
		if p.Type == '1' {
			c.t.Fatal("the server sent DISCONNECT: the client would not reconnect by itself")
		}
	}
}
