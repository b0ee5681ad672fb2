package native_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/wiring/livetest"
)

// poster writes comments through the core, as REST does, without the
// HTTP overhead of thousands of requests.
type poster struct {
	env *livetest.Env
	p   app.Principal
	vid id.ID
}

func newPoster(t testing.TB, env *livetest.Env, m livetest.Member, vid string) *poster {
	t.Helper()
	p, _, err := env.Sys.Services.Accounts.Authenticate(context.Background(), m.Token)
	if err != nil {
		t.Fatal(err)
	}
	return &poster{env: env, p: p, vid: id.ID(vid)}
}

func (p *poster) post(t testing.TB, content string) string {
	v, err := p.env.Sys.Services.Comments.CommentOnVideo(context.Background(), p.p, p.vid, content)
	if err != nil {
		t.Error(err)
		return ""
	}
	return v.Comment.ID().String()
}

// TestCatchUpAfterADisconnect: a client that was away while 50 comments
// were written joins again with the last id it saw and receives exactly
// those 50, in order, then the live ones.
func TestCatchUpAfterADisconnect(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)
	w := newPoster(t, env, m, vid)

	c := dial(t, env, "/api/v1/live", m.Token)
	c.join(vid)
	last := w.post(t, "seen before leaving")
	if got := decode[v1Comment](t, c.expect("new_comment").Data); got.ID != last {
		t.Fatalf("saw %s, want %s", got.ID, last)
	}
	c.conn.Close()

	var missed []string
	for i := range 50 {
		missed = append(missed, w.post(t, fmt.Sprintf("missed %d", i)))
	}
	c = dial(t, env, "/api/v1/live", m.Token)
	if f := c.call("join_video", map[string]any{"videoId": vid, "since": last}); f.Event != "ack" {
		t.Fatalf("join: %s %s", f.Event, f.Data)
	}
	got := readComments(t, c, 50)
	if !slices.Equal(got, missed) {
		t.Fatalf("caught up on\n%v\nwant\n%v", got, missed)
	}
	live := w.post(t, "live again")
	if got := readComments(t, c, 1); got[0] != live {
		t.Fatalf("after catching up got %s, want %s", got[0], live)
	}
}

// TestCatchUpWhileCommentsArrive: comments written while a client joins
// with since reach it exactly once and in order, whether the store read
// or the room brought them.
func TestCatchUpWhileCommentsArrive(t *testing.T) {
	t.Parallel()
	env := livetest.New(t, livetest.Options{})
	m := env.Member(t, "member")
	vid := env.Video(t, m, true)
	w := newPoster(t, env, m, vid)
	since := w.post(t, "the last one seen")
	var want []string
	for i := range 30 {
		want = append(want, w.post(t, fmt.Sprintf("before %d", i)))
	}
	during := make(chan []string)
	go func() {
		// Fewer than live.MaxPending, with room for the viewer counts
		// held back with them: more arriving while a slow store read
		// catches up would end the connection as slow, by design.
		var ids []string
		for i := range live.MaxPending - 6 {
			ids = append(ids, w.post(t, fmt.Sprintf("during %d", i)))
		}
		during <- ids
	}()
	c := dial(t, env, "/api/v1/live", m.Token)
	c.send("join_video", map[string]any{"videoId": vid, "since": since}, "")
	want = append(want, <-during...)
	got := readComments(t, c, len(want))
	if !slices.Equal(got, want) {
		t.Fatalf("got %d comments\n%v\nwant %d\n%v", len(got), got, len(want), want)
	}
	probe := w.post(t, "probe")
	if got := readComments(t, c, 1); got[0] != probe {
		t.Fatalf("a comment came twice or late: %s before the probe %s", got[0], probe)
	}
}

// readComments reads n new_comment frames and returns their ids, ignoring
// viewer counts and acks.
func readComments(t *testing.T, c *client, n int) []string {
	t.Helper()
	var ids []string
	for len(ids) < n {
		f := c.next()
		switch f.Event {
		case "new_comment":
			ids = append(ids, decode[v1Comment](t, f.Data).ID)
		case "viewers", "ack":
		default:
			t.Fatalf("unexpected %s %s", f.Event, f.Data)
		}
	}
	return ids
}
