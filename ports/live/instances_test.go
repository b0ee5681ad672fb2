package live_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/wiring/livetest"
)

// TestTwoInstancesShareRooms runs two instances on one database and one
// Redis, with a proxy in front of Redis that can stop it: comments written
// on one reach the clients of the other in order; while Redis is away each
// instance still serves its own clients and reports the broker degraded;
// when it returns, the clients that may have missed events are told to
// catch up, which brings them what was written meanwhile, and comments
// cross again.
func TestTwoInstancesShareRooms(t *testing.T) {
	t.Parallel()
	proxy := redistest.StartProxy(t, redistest.URL(t))
	vars := map[string]string{
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "shared.db"),
		"BROKER":       "redis",
		"REDIS_URL":    proxy.URL,
	}
	a := livetest.New(t, livetest.Options{Vars: vars})
	b := livetest.New(t, livetest.Options{Vars: vars})
	m := a.Member(t, "member")
	vid := a.Video(t, m, true)

	onB := dialNative(t, b, m.Token)
	onB.join(t, vid)
	sioOnB := dialSocketIO(t, b, m.Token)
	sioOnB.join(t, vid)
	var sent []string
	for i := range 20 {
		sent = append(sent, a.Comment(t, m, vid, fmt.Sprintf("from a %d", i)))
	}
	if got := onB.comments(t, len(sent)); fmt.Sprint(got) != fmt.Sprint(sent) {
		t.Fatalf("instance b got\n%v\nwant\n%v", got, sent)
	}
	if got := sioOnB.comments(t, len(sent)); fmt.Sprint(got) != fmt.Sprint(sent) {
		t.Fatalf("socket.io on instance b got\n%v\nwant\n%v", got, sent)
	}

	proxy.Cut()
	waitBroker(t, a, "degraded")
	waitBroker(t, b, "degraded")
	// Both still serve requests, and their own clients.
	local := b.Comment(t, m, vid, "written on b while Redis is away")
	if got := onB.comments(t, 1); got[0] != local {
		t.Fatalf("local delivery: got %s, want %s", got[0], local)
	}
	if got := sioOnB.comments(t, 1); got[0] != local {
		t.Fatalf("local delivery to socket.io: got %s, want %s", got[0], local)
	}
	away := a.Comment(t, m, vid, "written on a while Redis is away")

	proxy.Restore()
	waitBroker(t, a, "connected")
	waitBroker(t, b, "connected")
	// b may have missed what a wrote meanwhile: its clients in rooms are
	// closed as slow, and catch up from the database by joining again
	// with the last id they saw.
	if code := onB.closeCode(t); code != websocket.CloseTryAgainLater {
		t.Fatalf("b's client closed with %d, want 1013", code)
	}
	again := dialNative(t, b, m.Token)
	again.joinSince(t, vid, local)
	if got := again.comments(t, 1); got[0] != away {
		t.Fatalf("caught up on %s, want %s, written on a while Redis was away", got[0], away)
	}
	probe := a.Comment(t, m, vid, "written on a after Redis returned")
	if got := again.comments(t, 1); got[0] != probe {
		t.Fatalf("after Redis returned b got %s, want the probe %s", got[0], probe)
	}
}

// waitBroker waits until the instance's /health reports the broker so.
func waitBroker(t *testing.T, env *livetest.Env, want string) {
	t.Helper()
	var last string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		res, err := http.Get(env.URL + "/health")
		if err != nil {
			t.Fatal(err)
		}
		var h struct {
			Data struct {
				Services map[string]string `json:"services"`
			} `json:"data"`
		}
		err = json.NewDecoder(res.Body).Decode(&h)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if last = h.Data.Services["broker"]; last == want {
			return
		}
	}
	t.Fatalf("broker is %q, want %q", last, want)
}

// native is a client of /api/v1/live; backlog holds the frames read
// while waiting for an ack.
type native struct {
	conn    *websocket.Conn
	backlog []nativeFrame
}

func dialNative(t *testing.T, env *livetest.Env, token string) *native {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(env.WSURL("/api/v1/live"), http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &native{conn: conn}
}

type nativeFrame struct {
	Event string          `json:"event"`
	Ack   string          `json:"ack"`
	Data  json.RawMessage `json:"data"`
}

func (n *native) read(t *testing.T) nativeFrame {
	t.Helper()
	if len(n.backlog) > 0 {
		f := n.backlog[0]
		n.backlog = n.backlog[1:]
		return f
	}
	_ = n.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var f nativeFrame
	if err := n.conn.ReadJSON(&f); err != nil {
		t.Fatalf("reading: %v", err)
	}
	return f
}

func (n *native) join(t *testing.T, vid string) { n.joinSince(t, vid, "") }

// joinSince joins the room, after the comment since when it is set.
func (n *native) joinSince(t *testing.T, vid, since string) {
	t.Helper()
	var data any = vid
	if since != "" {
		data = map[string]string{"videoId": vid, "since": since}
	}
	if err := n.conn.WriteJSON(map[string]any{"event": "join_video", "data": data, "ack": "j"}); err != nil {
		t.Fatal(err)
	}
	var early []nativeFrame
	for f := n.read(t); f.Ack != "j"; f = n.read(t) {
		early = append(early, f)
	}
	n.backlog = append(n.backlog, early...)
}

// closeCode reads until the server closes the connection and returns the
// close code.
func (n *native) closeCode(t *testing.T) int {
	t.Helper()
	for {
		_ = n.conn.SetReadDeadline(time.Now().Add(15 * time.Second))
		_, _, err := n.conn.ReadMessage()
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		if err != nil {
			t.Fatalf("the connection ended without a close frame: %v", err)
		}
	}
}

// comments reads the ids of the next count new comments.
func (n *native) comments(t *testing.T, count int) []string {
	t.Helper()
	var ids []string
	for len(ids) < count {
		f := n.read(t)
		if f.Event != "new_comment" {
			continue
		}
		var c struct {
			ID string `json:"_id"`
		}
		_ = json.Unmarshal(f.Data, &c)
		ids = append(ids, c.ID)
	}
	return ids
}
