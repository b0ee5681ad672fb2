package socketio_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/ports/live/socketio"
)

// classicComment is the classic Comment the endpoint speaks.
type classicComment struct {
	ID        string `json:"id"`
	Content   string `json:"content"`
	CreatedAt string `json:"createdAt"`
	User      *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
	VideoID string `json:"videoId"`
	Error   string `json:"error"`
}

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return v
}

// keysOf lists the keys of a JSON object.
func keysOf(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	m := decode[map[string]json.RawMessage](t, raw)
	var keys []string
	for _, k := range []string{"id", "content", "createdAt", "user", "videoId"} {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	if len(keys) != len(m) {
		t.Errorf("unexpected keys in %s", raw)
	}
	return strings.Join(keys, ",")
}

func TestNewRefusesMissingCore(t *testing.T) {
	t.Parallel()
	if _, err := socketio.New(socketio.Options{}); err == nil {
		t.Fatal("New accepted no live service")
	}
}

func TestHandshakeAdvertisesEngineSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.poll(t, nil)
	for k, want := range map[string]float64{"pingInterval": 25000, "pingTimeout": 20000, "maxPayload": socketio.MaxPayload} {
		if got, _ := p.open[k].(float64); got != want {
			t.Errorf("%s = %v, want %v", k, p.open[k], want)
		}
	}
	if up, _ := json.Marshal(p.open["upgrades"]); string(up) != `["websocket"]` {
		t.Errorf("upgrades = %s", up)
	}
}

func TestJoinSendAndReceiveInClassicShapes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	vid := e.video(t, ada)
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)

	if got := string(c.call("join_video", vid)); got != `{"ok":true,"videoId":"`+vid+`"}` {
		t.Fatalf("join ack = %s", got)
	}
	raw := c.call("send_comment", map[string]string{"videoId": vid, "content": "  hello live  "})
	if keys := keysOf(t, raw); keys != "id,content,createdAt,user,videoId" {
		t.Errorf("ack keys = %s", keys)
	}
	ack := decode[classicComment](t, raw)
	if ack.Content != "hello live" || ack.VideoID != vid || ack.User == nil || ack.User.ID != ada.ID || ack.User.Name != ada.Name {
		t.Errorf("ack = %s", raw)
	}
	if _, err := time.Parse(time.RFC3339, ack.CreatedAt); err != nil {
		t.Errorf("createdAt %q: %v", ack.CreatedAt, err)
	}
	if got := c.expect("new_comment"); string(got) != string(raw) {
		t.Errorf("new_comment = %s, want the ack's %s", got, raw)
	}
	if got := string(c.expect("viewers")); got != `{"videoId":"`+vid+`","count":1}` {
		t.Errorf("viewers = %s", got)
	}
}

func TestRESTWritesReachTheRoom(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada, bo := e.member(t, "ada"), e.member(t, "bo")
	vid := e.video(t, ada)
	c := e.dial(t, nil, nil)
	c.mustConnect(bo.Token)
	c.call("join_video", map[string]string{"videoId": vid})

	cid := e.comment(t, ada, vid, "from REST")
	got := decode[classicComment](t, c.expect("new_comment"))
	if got.ID != cid || got.Content != "from REST" || got.User == nil || got.User.ID != ada.ID {
		t.Errorf("new_comment = %+v", got)
	}
	ctx := context.Background()
	cID, _ := id.Parse(cid)
	if _, err := e.sys.Services.Comments.EditComment(ctx, ada.P, cID, "edited"); err != nil {
		t.Fatal(err)
	}
	if got := decode[classicComment](t, c.expect("comment_updated")); got.ID != cid || got.Content != "edited" {
		t.Errorf("comment_updated = %+v", got)
	}
	if err := e.sys.Services.Comments.DeleteComment(ctx, ada.P, cID); err != nil {
		t.Fatal(err)
	}
	if got := string(c.expect("comment_deleted")); got != `{"id":"`+cid+`","videoId":"`+vid+`"}` {
		t.Errorf("comment_deleted = %s", got)
	}
}

func TestJoinWithSinceCatchesUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	vid := e.video(t, ada)
	first := e.comment(t, ada, vid, "one")
	second := e.comment(t, ada, vid, "two")
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)
	c.call("join_video", map[string]string{"videoId": vid, "since": first})
	if got := decode[classicComment](t, c.expect("new_comment")); got.ID != second {
		t.Errorf("caught up with %+v, want %s", got, second)
	}
	if got := decode[classicComment](t, c.call("join_video", map[string]any{"videoId": vid, "since": 7})); got.Error != "Invalid payload" {
		t.Errorf("numeric since: %+v", got)
	}
}

func TestLeaveStopsEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	left, stayed := e.video(t, ada), e.video(t, ada)
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)
	c.call("join_video", left)
	c.call("join_video", stayed)
	if got := string(c.call("leave_video", left)); got != `{"ok":true,"videoId":"`+left+`"}` {
		t.Fatalf("leave ack = %s", got)
	}
	e.comment(t, ada, left, "unseen")
	e.comment(t, ada, stayed, "seen")
	// Events reach a connection in the order they were stored.
	if got := decode[classicComment](t, c.expect("new_comment")); got.VideoID != stayed {
		t.Errorf("got a comment of %s after leaving it", got.VideoID)
	}
}

func TestTokenSources(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	for name, tc := range map[string]struct {
		query  url.Values
		header http.Header
		auth   any
	}{
		"auth.token":   {auth: map[string]string{"token": ada.Token}},
		"query token":  {query: url.Values{"token": {ada.Token}}},
		"cookie":       {header: http.Header{"Cookie": {"accessToken=" + ada.Token}}},
		"bearer":       {header: http.Header{"Authorization": {"Bearer " + ada.Token}}},
		"cookie first": {header: http.Header{"Cookie": {"accessToken=" + ada.Token}}, auth: map[string]string{"token": "bad"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := e.dial(t, tc.query, tc.header)
			if p := c.connect(tc.auth); p.Type != '0' || !strings.Contains(string(p.Data), `"sid"`) {
				t.Fatalf("refused: %c %s", p.Type, p.Data)
			}
		})
	}
	for name, auth := range map[string]any{
		"bad token": map[string]string{"token": "not-a-token"},
		"no token":  nil,
		"not text":  map[string]any{"token": 42},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := e.dial(t, nil, nil)
			p := c.connect(auth)
			if p.Type != '4' || decode[struct{ Message string }](t, p.Data).Message != "UNAUTHORIZED" {
				t.Fatalf("got %c %s, want connect_error UNAUTHORIZED", p.Type, p.Data)
			}
		})
	}
}

func TestRefusalsKeepTheConnection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	vid := e.video(t, ada)
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)
	for _, tc := range []struct {
		event string
		data  any
		want  string
	}{
		{"join_video", 42, "Invalid payload"},
		{"join_video", map[string]any{"since": "x"}, "Invalid payload"},
		{"join_video", "0000000000000000000000000", "Video not found"},
		{"leave_video", nil, "Invalid payload"},
		{"send_comment", vid, "Invalid payload"},
		{"send_comment", map[string]any{"videoId": vid, "content": 5}, "Invalid payload"},
		{"shout", "hi", "Unknown event"},
	} {
		if got := decode[classicComment](t, c.call(tc.event, tc.data)); got.Error != tc.want {
			t.Errorf("%s %v with ack: error %q, want %q", tc.event, tc.data, got.Error, tc.want)
		}
		c.emit(tc.event, tc.data)
		if got := string(c.expect("error")); got != `{"message":"`+tc.want+`"}` {
			t.Errorf("%s %v: error event %s, want %q", tc.event, tc.data, got, tc.want)
		}
	}
	if got := decode[classicComment](t, c.call("send_comment", map[string]string{"videoId": vid, "content": "still here"})); got.Content != "still here" {
		t.Errorf("after refusals: %+v", got)
	}
}

func TestFrameOverLimitIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ada := e.member(t, "ada")
	vid := e.video(t, ada)
	c := e.dial(t, nil, nil)
	c.mustConnect(ada.Token)
	c.emit("send_comment", map[string]string{"videoId": vid, "content": strings.Repeat("x", socketio.MaxPayload)})
	select {
	case <-c.closed:
	case <-time.After(wait):
		t.Fatal("a frame over the limit kept the connection open")
	}
	if !websocket.IsCloseError(c.err, websocket.CloseMessageTooBig) {
		t.Errorf("closed with %v, want 1009", c.err)
	}
	waitFor(t, "the Conn to close", func() bool { return e.sys.Services.Live.Connections() == 0 })
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, wait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
