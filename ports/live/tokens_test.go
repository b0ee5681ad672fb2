package live_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/wiring/livetest"
)

// TestTokensStayOutOfTheLog connects to every live endpoint with the token
// in the query, as clients that can set no header do, refused and
// accepted, with the log at debug level: the log names none of the tokens.
func TestTokensStayOutOfTheLog(t *testing.T) {
	t.Parallel()
	var logs apptest.SyncBuffer
	env := livetest.New(t, livetest.Options{Log: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)
	bad := m.Token[:len(m.Token)-4] + "AAAA"
	for _, path := range []string{"/api/v1/live", "/api/live", "/socket.io/?EIO=4&transport=websocket"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		for _, token := range []string{m.Token, bad} {
			conn, _, err := websocket.DefaultDialer.Dial(env.WSURL(path+sep+"token="+token), nil)
			if err == nil {
				_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"event":"join_video","data":"`+vid+`"}`))
				conn.Close()
			}
		}
	}
	res, err := http.Get(env.URL + "/socket.io/?EIO=4&transport=polling&token=" + m.Token)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	env.Sys.Close()
	out := logs.String()
	if !strings.Contains(out, "/api/v1/live") {
		t.Fatalf("the requests were not logged at all:\n%s", out)
	}
	for _, token := range []string{m.Token, bad} {
		if strings.Contains(out, token) || strings.Contains(out, token[len(token)-20:]) {
			t.Fatalf("a token is in the log:\n%s", out)
		}
	}
}
