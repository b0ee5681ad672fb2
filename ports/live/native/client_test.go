package native_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/stagecast/stagecast/wiring/livetest"
)

// wait bounds every wait for a frame.
const wait = 5 * time.Second

// frame is a frame either way.
type frame struct {
	Event string          `json:"event"`
	Ack   json.RawMessage `json:"ack,omitempty"`
	Data  json.RawMessage `json:"data"`
}

// message is the data of an error frame.
func (f frame) message() string {
	var p struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(f.Data, &p)
	return p.Message
}

// client is a real WebSocket client of a native endpoint.
type client struct {
	t    testing.TB
	conn *websocket.Conn
	// backlog holds frames read while waiting for an ack, for next.
	backlog []frame
}

// dial connects to path with the token as a Bearer header.
func dial(t testing.TB, env *livetest.Env, path, token string) *client {
	t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return dialWith(t, env.WSURL(path), h)
}

func dialWith(t testing.TB, url string, h http.Header) *client {
	t.Helper()
	conn, res, err := websocket.DefaultDialer.Dial(url, h)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", url, err, status)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn}
}

// send writes a frame; ack is left out when "".
func (c *client) send(event string, data any, ack string) {
	c.t.Helper()
	f := map[string]any{"event": event, "data": data}
	if ack != "" {
		f["ack"] = ack
	}
	if err := c.conn.WriteJSON(f); err != nil {
		c.t.Fatalf("write %s: %v", event, err)
	}
}

// next reads the next frame.
func (c *client) next() frame {
	c.t.Helper()
	if len(c.backlog) > 0 {
		f := c.backlog[0]
		c.backlog = c.backlog[1:]
		return f
	}
	f, err := c.read(wait)
	if err != nil {
		c.t.Fatalf("reading a frame: %v", err)
	}
	return f
}

func (c *client) read(d time.Duration) (frame, error) {
	_ = c.conn.SetReadDeadline(time.Now().Add(d))
	var f frame
	_, b, err := c.conn.ReadMessage()
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(b, &f); err != nil {
		c.t.Fatalf("not JSON: %s", b)
	}
	return f, nil
}

// expect reads frames until one of the event comes, skipping viewer
// counts unless they are asked for.
func (c *client) expect(event string) frame {
	c.t.Helper()
	for {
		f := c.next()
		if f.Event == event {
			return f
		}
		if f.Event != "viewers" {
			c.t.Fatalf("got %s %s, want %s", f.Event, f.Data, event)
		}
	}
}

// call sends a frame with an ack and returns its answer; events that
// come before it stay for next.
func (c *client) call(event string, data any) frame {
	c.t.Helper()
	c.send(event, data, "a-"+event)
	var kept []frame
	for {
		f, err := c.read(wait)
		if err != nil {
			c.t.Fatalf("waiting for the ack of %s: %v", event, err)
		}
		if string(f.Ack) == `"a-`+event+`"` {
			c.backlog = append(c.backlog, kept...)
			return f
		}
		kept = append(kept, f)
	}
}

// join joins a room and checks the ack.
func (c *client) join(videoID string) {
	c.t.Helper()
	if f := c.call("join_video", videoID); f.Event != "ack" {
		c.t.Fatalf("join %s: %s %s", videoID, f.Event, f.Data)
	}
}

// closeCode waits for the server to close the connection and returns the
// close code, reading whatever frames come before it.
func (c *client) closeCode() int {
	c.t.Helper()
	deadline := time.Now().Add(3 * wait)
	for time.Now().Before(deadline) {
		_, err := c.read(time.Until(deadline))
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		if err != nil {
			c.t.Fatalf("connection ended without a close frame: %v", err)
		}
	}
	c.t.Fatal("the connection was not closed")
	return 0
}

// comment decodes a frame's data as a v1 comment.
type v1Comment struct {
	ID      string `json:"_id"`
	Content string `json:"content"`
	Video   string `json:"video"`
	Owner   struct {
		ID       string `json:"_id"`
		Username string `json:"username"`
		Name     string `json:"name"`
	} `json:"owner"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

func decode[T any](t testing.TB, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return v
}

// wsDialer is the default dialer; its failures keep the response body.
var wsDialer = websocket.DefaultDialer
