package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// liveFlow joins the video's room over the native WebSocket endpoint,
// signed in by the client's cookies, and posts a comment that comes back
// as the room's new_comment and as the send's ack: the upgrade hijacks
// the server's connection, past the writes it gathers (ports/http/coalesce).
func liveFlow(t *testing.T, c *http.Client, base, videoID string) {
	t.Helper()
	u, _ := url.Parse(base)
	h := http.Header{}
	for _, ck := range c.Jar.Cookies(u) {
		h.Add("Cookie", ck.String())
	}
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	conn, res, err := dialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/v1/live", h)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("live upgrade: %v (status %d)", err, status)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))

	type frame struct {
		Event string         `json:"event"`
		Ack   string         `json:"ack,omitempty"`
		Data  map[string]any `json:"data,omitempty"`
	}
	write := func(event string, data any, ack string) {
		t.Helper()
		if err := conn.WriteJSON(map[string]any{"event": event, "data": data, "ack": ack}); err != nil {
			t.Fatal(err)
		}
	}
	// next reads frames until one of event with ack, skipping the others
	// (viewer counts).
	next := func(event, ack string) frame {
		t.Helper()
		for {
			var f frame
			if err := conn.ReadJSON(&f); err != nil {
				t.Fatalf("waiting for %s: %v", event, err)
			}
			if f.Event == event && f.Ack == ack {
				return f
			}
			if f.Event == "error" {
				t.Fatalf("error frame waiting for %s: %v", event, f.Data)
			}
		}
	}
	write("join_video", videoID, "1")
	next("ack", "1")
	const content = "Live from the end-to-end test"
	write("send_comment", map[string]string{"videoId": videoID, "content": content}, "2")
	// The broadcast and the ack come in either order.
	var broadcast, acked bool
	for !broadcast || !acked {
		var f frame
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for the comment (broadcast %v, ack %v): %v", broadcast, acked, err)
		}
		switch {
		case f.Event == "new_comment" && f.Data["content"] == content:
			broadcast = true
		case f.Event == "ack" && f.Ack == "2":
			acked = true
		case f.Event == "error":
			t.Fatalf("error frame: %v", f.Data)
		}
	}
}
