package native_test

import (
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/stagecast/stagecast/wiring/livetest"
)

// TestRefusalsKeepTheConnection: every refusal is an error frame (with the
// ack when there was one), and the connection goes on.
func TestRefusalsKeepTheConnection(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	owner, other := env.Member(t, "owner"), env.Member(t, "other")
	public, draft := env.Video(t, owner, true), env.Video(t, owner, false)
	for _, path := range []string{"/api/v1/live", "/api/live"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			c := dial(t, env, path, other.Token)

			for _, tc := range []struct {
				name, event string
				data        any
				message     string
			}{
				{"unknown video", "join_video", "0123456789abcdef01234567", "Video not found"},
				{"not an id", "join_video", "../etc", "Video not found"},
				{"unpublished video of another", "join_video", draft, "Video not found"},
				{"object without a video", "join_video", map[string]any{"since": "x"}, "Invalid payload"},
				{"since on an unpublished video of another", "join_video", map[string]any{"videoId": draft, "since": "0123456789abcdef01234567"}, "Video not found"},
				{"bad since", "join_video", map[string]any{"videoId": public, "since": "nope"}, "Invalid since: expected a comment id"},
				{"number as video", "leave_video", 42, "Invalid payload"},
				{"empty comment", "send_comment", map[string]any{"videoId": public, "content": "   "}, "Comment Content is required"},
				{"long comment", "send_comment", map[string]any{"videoId": public, "content": strings.Repeat("é", 2001)}, ""},
				{"comment on a draft", "send_comment", map[string]any{"videoId": draft, "content": "hi"}, "Video not found"},
				{"comment without a video", "send_comment", map[string]any{"content": "hi"}, "Invalid payload"},
				{"unknown event", "dance", "x", "Unknown event"},
			} {
				f := c.call(tc.event, tc.data)
				if f.Event != "error" || (tc.message != "" && f.message() != tc.message) || f.message() == "" {
					t.Errorf("%s: %s %s, want error %q", tc.name, f.Event, f.Data, tc.message)
				}
			}
			// Without an ack, a refusal is a plain error frame.
			c.send("join_video", "0123456789abcdef01234567", "")
			if f := c.next(); f.Event != "error" || len(f.Ack) != 0 || f.message() != "Video not found" {
				t.Fatalf("refusal without ack: %s %s %s", f.Event, f.Ack, f.Data)
			}
			for _, raw := range []string{"not json", `{"data":1}`, `[1,2]`, `{"event":"join_video","data":"x","ack":{"a":1}}`} {
				if err := c.conn.WriteMessage(websocket.TextMessage, []byte(raw)); err != nil {
					t.Fatal(err)
				}
				if f := c.next(); f.Event != "error" || f.message() == "" {
					t.Fatalf("frame %q: %s %s", raw, f.Event, f.Data)
				}
			}
			if err := c.conn.WriteMessage(websocket.BinaryMessage, []byte{1, 2}); err != nil {
				t.Fatal(err)
			}
			if f := c.next(); f.Event != "error" {
				t.Fatalf("binary frame: %s %s", f.Event, f.Data)
			}
			// Still open: the owner's public video can be joined.
			c.join(public)
		})
	}
	// The owner sees their own draft.
	dial(t, env, "/api/v1/live", owner.Token).join(draft)
}

// TestLargeFrameCloses1009: a frame over 8 KiB ends the connection with
// 1009, and nothing of it is stored.
func TestLargeFrameCloses1009(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)
	c := dial(t, env, "/api/v1/live", m.Token)
	c.send("send_comment", map[string]any{"videoId": vid, "content": strings.Repeat("a", 8<<10)}, "big")
	if code := c.closeCode(); code != websocket.CloseMessageTooBig {
		t.Fatalf("close code %d, want 1009", code)
	}
	var page struct {
		Data struct {
			Docs []any `json:"docs"`
		} `json:"data"`
	}
	env.Call(t, m.Token, "GET", "/api/v1/comment/video-comments/"+vid, nil, 200, &page)
	if len(page.Data.Docs) != 0 {
		t.Fatalf("%d comments stored from a refused frame", len(page.Data.Docs))
	}
}

// TestRoomAndCommentLimits: 20 rooms per connection, and 5 stored
// comments per window; refused comments do not count, and other
// connections have their own share.
func TestRoomAndCommentLimits(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "busy")
	videos := make([]string, 21)
	for i := range videos {
		videos[i] = env.Video(t, m, true)
	}
	c := dial(t, env, "/api/v1/live", m.Token)
	for _, v := range videos[:20] {
		c.join(v)
	}
	c.join(videos[0]) // joining again takes no new place
	if f := c.call("join_video", videos[20]); f.Event != "error" || f.message() != "Too many rooms" {
		t.Fatalf("21st room: %s %s", f.Event, f.Data)
	}
	c.call("leave_video", videos[0])
	c.join(videos[20])

	vid := videos[1]
	c.call("send_comment", map[string]any{"videoId": vid, "content": ""}) // refused: does not count
	for i := range 5 {
		if f := c.call("send_comment", map[string]any{"videoId": vid, "content": "ok"}); f.Event != "ack" {
			t.Fatalf("comment %d: %s %s", i+1, f.Event, f.Data)
		}
	}
	if f := c.call("send_comment", map[string]any{"videoId": vid, "content": "one more"}); f.Event != "error" || f.message() != "Too many comments, slow down" {
		t.Fatalf("6th comment: %s %s", f.Event, f.Data)
	}
	if f := dial(t, env, "/api/v1/live", m.Token).call("send_comment", map[string]any{"videoId": vid, "content": "other connection"}); f.Event != "ack" {
		t.Fatalf("another connection: %s %s", f.Event, f.Data)
	}
}
