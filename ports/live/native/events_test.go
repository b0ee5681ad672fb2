package native_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/wiring/livetest"
)

// TestCommentsReachTheRoomInEachDialect: a comment sent over the socket is
// acknowledged with the stored comment and reaches every member, the
// sender included; REST writes, edits and deletes reach the room too; each
// endpoint speaks its surface's shapes.
func TestCommentsReachTheRoomInEachDialect(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	creator, viewer := env.Member(t, "creator"), env.Member(t, "viewer")
	vid := env.Video(t, creator, true)

	for _, path := range []string{"/api/v1/live", "/api/live"} {
		t.Run(path, func(t *testing.T) {
			a, b := dial(t, env, path, creator.Token), dial(t, env, path, viewer.Token)
			a.join(vid)
			b.join(vid)

			ack := a.call("send_comment", map[string]any{"videoId": vid, "content": "  hello room  "})
			if ack.Event != "ack" {
				t.Fatalf("send: %s %s", ack.Event, ack.Data)
			}
			for i, c := range []*client{a, b} {
				got := c.expect("new_comment")
				if string(got.Data) != string(ack.Data) {
					t.Fatalf("member %d got %s, the ack said %s", i, got.Data, ack.Data)
				}
			}
			checkShape(t, path, ack.Data, vid, creator, "hello room")

			// Through REST: new, edited, deleted.
			id := env.Comment(t, viewer, vid, "from REST")
			for _, c := range []*client{a, b} {
				checkShape(t, path, c.expect("new_comment").Data, vid, viewer, "from REST")
			}
			env.Call(t, viewer.Token, "PATCH", "/api/v1/comment/"+id, map[string]any{"content": "edited"}, 200, nil)
			for _, c := range []*client{a, b} {
				checkShape(t, path, c.expect("comment_updated").Data, vid, viewer, "edited")
			}
			env.Call(t, creator.Token, "DELETE", "/api/v1/comment/"+id, nil, 200, nil)
			want := fmt.Sprintf(`{"id":%q,"videoId":%q}`, id, vid)
			for _, c := range []*client{a, b} {
				if got := c.expect("comment_deleted"); string(got.Data) != want {
					t.Fatalf("comment_deleted %s, want %s", got.Data, want)
				}
			}

			// After leaving, nothing more arrives.
			if f := b.call("leave_video", vid); f.Event != "ack" || string(f.Data) != fmt.Sprintf(`{"ok":true,"videoId":%q}`, vid) {
				t.Fatalf("leave: %s %s", f.Event, f.Data)
			}
			env.Comment(t, viewer, vid, "after leaving")
			a.expect("new_comment")
			b.send("join_video", "not-an-id", "probe")
			if f := b.expect("error"); string(f.Ack) != `"probe"` {
				t.Fatalf("got %s %s after leaving, want only the probe's error", f.Event, f.Data)
			}
		})
	}
}

// checkShape checks a comment's payload in the endpoint's dialect.
func checkShape(t *testing.T, path string, raw []byte, vid string, author livetest.Member, content string) {
	t.Helper()
	if path == "/api/v1/live" {
		c := decode[v1Comment](t, raw)
		if c.ID == "" || c.Video != vid || c.Content != content || c.Owner.ID != author.ID || c.Owner.Username != author.Username || c.CreatedAt == "" || c.UpdatedAt == "" {
			t.Fatalf("v1 comment %s", raw)
		}
		for _, key := range []string{`"_id"`, `"owner"`, `"profileImage"`} {
			if !strings.Contains(string(raw), key) {
				t.Fatalf("v1 comment %s lacks %s", raw, key)
			}
		}
		return
	}
	c := decode[classicComment](t, raw)
	if c.ID == "" || c.VideoID != vid || c.Content != content || c.User.ID != author.ID || c.User.Name != author.Name || !strings.HasSuffix(c.CreatedAt, "Z") {
		t.Fatalf("classic comment %s", raw)
	}
	if strings.Contains(string(raw), "_id") || strings.Contains(string(raw), "owner") {
		t.Fatalf("classic comment %s has v1 keys", raw)
	}
}

// TestViewersCountTheRoom: members are told how many watch, once the count
// changes.
func TestViewersCountTheRoom(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "watcher")
	vid := env.Video(t, m, true)
	a := dial(t, env, "/api/v1/live", m.Token)
	a.join(vid)
	if f := a.next(); f.Event != "viewers" || string(f.Data) != fmt.Sprintf(`{"videoId":%q,"count":1}`, vid) {
		t.Fatalf("first count %s %s", f.Event, f.Data)
	}
	b := dial(t, env, "/api/live", m.Token)
	b.join(vid)
	for _, c := range []*client{a, b} {
		if f := c.next(); f.Event != "viewers" || string(f.Data) != fmt.Sprintf(`{"videoId":%q,"count":2}`, vid) {
			t.Fatalf("count after a second join: %s %s", f.Event, f.Data)
		}
	}
	b.conn.Close()
	if f := a.next(); f.Event != "viewers" || string(f.Data) != fmt.Sprintf(`{"videoId":%q,"count":1}`, vid) {
		t.Fatalf("count after a leave: %s %s", f.Event, f.Data)
	}
}

// TestAuthentication: the token comes from the cookie, the header or the
// query; without a good one the upgrade is refused with 401 in the
// surface's error shape.
func TestAuthentication(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)

	dialWith(t, env.WSURL("/api/v1/live?token="+m.Token), nil).join(vid)
	dialWith(t, env.WSURL("/api/live"), http.Header{"Cookie": {"accessToken=" + m.Token}}).join(vid)
	dial(t, env, "/api/v1/live", m.Token).join(vid)

	for _, c := range []struct{ path, token, body string }{
		{"/api/v1/live", "", `"message":"UNAUTHORIZED"`},
		{"/api/v1/live", m.Token + "x", `"message":"UNAUTHORIZED"`},
		{"/api/live", "", `{"error":"UNAUTHORIZED"}`},
	} {
		status, body := upgrade(t, env, c.path, c.token, "")
		if status != http.StatusUnauthorized || !strings.Contains(body, c.body) {
			t.Fatalf("%s with token %q: %d %s", c.path, c.token, status, body)
		}
	}
	// A page of another site may not connect with the visitor's cookie.
	if status, _ := upgrade(t, env, "/api/v1/live", m.Token, "https://evil.example"); status != http.StatusForbidden {
		t.Fatalf("foreign origin: %d", status)
	}
	// CORS_ORIGINS defaults to the frontend's origin.
	if status, _ := upgrade(t, env, "/api/v1/live", m.Token, "http://localhost:3000"); status != http.StatusSwitchingProtocols {
		t.Fatalf("allowed origin: %d", status)
	}
	// A plain GET is not an upgrade.
	env.Call(t, m.Token, "GET", "/api/v1/live", nil, http.StatusBadRequest, nil)
}

// upgrade attempts an upgrade and returns the status and body.
func upgrade(t *testing.T, env *livetest.Env, path, token, origin string) (int, string) {
	t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	if origin != "" {
		h.Set("Origin", origin)
	}
	conn, res, err := wsDialer.Dial(env.WSURL(path), h)
	if err == nil {
		conn.Close()
		return res.StatusCode, ""
	}
	if res == nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	n, _ := res.Body.Read(buf)
	b.Write(buf[:n])
	return res.StatusCode, b.String()
}

// classicComment is the classic Comment.
type classicComment struct {
	ID        string `json:"id"`
	Content   string `json:"content"`
	CreatedAt string `json:"createdAt"`
	User      struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
	VideoID string `json:"videoId"`
}

// TestUnpublishingEmptiesTheRoom: once a video is unpublished, or
// deleted, nobody but its owner receives anything more of its room.
func TestUnpublishingEmptiesTheRoom(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	owner, viewer := env.Member(t, "owner"), env.Member(t, "viewer")
	vid := env.Video(t, owner, true)
	mine, theirs := dial(t, env, "/api/v1/live", owner.Token), dial(t, env, "/api/live", viewer.Token)
	mine.join(vid)
	theirs.join(vid)
	env.Call(t, owner.Token, "PATCH", "/api/v1/video/publish-status/"+vid, nil, 200, nil)
	id := env.Comment(t, owner, vid, "while unpublished")
	if got := decode[v1Comment](t, mine.expect("new_comment").Data); got.ID != id {
		t.Fatalf("the owner got %s, want %s", got.ID, id)
	}
	theirs.send("join_video", vid, "probe")
	for {
		f := theirs.next()
		if f.Event == "new_comment" || f.Event == "comment_updated" {
			t.Fatalf("a viewer of an unpublished video got %s %s", f.Event, f.Data)
		}
		if string(f.Ack) == `"probe"` {
			if f.Event != "error" || f.message() != "Video not found" {
				t.Fatalf("joining again: %s %s", f.Event, f.Data)
			}
			break
		}
	}
}
