package live_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/stagecast/stagecast/wiring/livetest"
)

// sio is a minimal Socket.IO v4 client over an Engine.IO WebSocket, for
// the tests of the whole server; the Socket.IO endpoint's own tests cover
// the protocol with the real socket.io-client.
type sio struct{ conn *websocket.Conn }

func dialSocketIO(t *testing.T, env *livetest.Env, token string) *sio {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(env.WSURL("/socket.io/?EIO=4&transport=websocket"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	s := &sio{conn: conn}
	if p := s.read(t); !strings.HasPrefix(p, "0{") {
		t.Fatalf("open packet %q", p)
	}
	auth, _ := json.Marshal(map[string]string{"token": token})
	s.write(t, "40"+string(auth))
	if p := s.read(t); !strings.HasPrefix(p, "40{") {
		t.Fatalf("connect answered %q", p)
	}
	return s
}

func (s *sio) write(t *testing.T, p string) {
	t.Helper()
	if err := s.conn.WriteMessage(websocket.TextMessage, []byte(p)); err != nil {
		t.Fatal(err)
	}
}

// read returns the next packet, answering the server's pings.
func (s *sio) read(t *testing.T) string {
	t.Helper()
	for {
		_ = s.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, b, err := s.conn.ReadMessage()
		if err != nil {
			t.Fatalf("socket.io read: %v", err)
		}
		if string(b) == "2" {
			s.write(t, "3")
			continue
		}
		return string(b)
	}
}

func (s *sio) join(t *testing.T, vid string) {
	t.Helper()
	s.write(t, `421["join_video","`+vid+`"]`)
	for p := s.read(t); !strings.HasPrefix(p, "431"); p = s.read(t) {
	}
}

// comments reads the ids of the next count new_comment events.
func (s *sio) comments(t *testing.T, count int) []string {
	t.Helper()
	var ids []string
	for len(ids) < count {
		p := s.read(t)
		if !strings.HasPrefix(p, `42["new_comment",`) {
			continue
		}
		var ev []json.RawMessage
		if err := json.Unmarshal([]byte(p[2:]), &ev); err != nil || len(ev) != 2 {
			t.Fatalf("event %q", p)
		}
		var c struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(ev[1], &c)
		ids = append(ids, c.ID)
	}
	return ids
}

// TestSocketIOBehindTheRouter: the wired server serves Socket.IO at
// /socket.io/ with one CORS answer for an allowed origin and none for
// another.
func TestSocketIOBehindTheRouter(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)
	s := dialSocketIO(t, env, m.Token)
	s.join(t, vid)
	id := env.Comment(t, m, vid, "through REST")
	if got := s.comments(t, 1); got[0] != id {
		t.Fatalf("got %s, want %s", got[0], id)
	}
	for origin, want := range map[string]string{"http://localhost:3000": "http://localhost:3000", "https://evil.example": ""} {
		req, _ := http.NewRequest("GET", env.URL+"/socket.io/?EIO=4&transport=polling", nil)
		req.Header.Set("Origin", origin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		got := res.Header.Values("Access-Control-Allow-Origin")
		if (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
			t.Fatalf("origin %s: Access-Control-Allow-Origin %q (status %d)", origin, got, res.StatusCode)
		}
	}
}

// TestSocketIOHandshakesCountAgainstTheLimit: opening Engine.IO sessions
// costs memory and no token, so handshakes count against the API limit;
// the requests of an open session do not.
func TestSocketIOHandshakesCountAgainstTheLimit(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{Vars: map[string]string{"RATE_LIMIT_API": "3"}})
	var sid string
	for i := range 4 {
		res, err := http.Get(env.URL + "/socket.io/?EIO=4&transport=polling")
		if err != nil {
			t.Fatal(err)
		}
		var open struct {
			SID string `json:"sid"`
		}
		body := make([]byte, 512)
		n, _ := res.Body.Read(body)
		res.Body.Close()
		if i < 3 {
			if res.StatusCode != http.StatusOK || n == 0 || body[0] != '0' || json.Unmarshal(body[1:n], &open) != nil {
				t.Fatalf("handshake %d: %d %s", i+1, res.StatusCode, body[:n])
			}
			sid = open.SID
			continue
		}
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("handshake past the limit: %d %s", res.StatusCode, body[:n])
		}
	}
	// The session's own requests go on.
	req, _ := http.NewRequest("POST", env.URL+"/socket.io/?EIO=4&transport=polling&sid="+sid, strings.NewReader("40"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("a request of an open session: %d", res.StatusCode)
	}
}
