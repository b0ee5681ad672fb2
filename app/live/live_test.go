package live_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// fakeAuth lets every token in, naming a user after it.
type fakeAuth struct{}

func (fakeAuth) Authenticate(_ context.Context, token string) (app.Principal, *user.User, error) {
	return app.Principal{UserID: id.ID(token)}, nil, nil
}

// fakeComments knows one video; its catch-up returns missed.
type fakeComments struct{ missed []comments.CommentView }

const theVideo = id.ID("0123456789abcdef01234567")

func (fakeComments) CheckVideo(_ context.Context, _ app.Principal, v id.ID) error {
	if v != theVideo {
		return video.ErrNotFound
	}
	return nil
}

func (f fakeComments) Since(_ context.Context, _ app.Principal, _, _ id.ID, limit int) ([]comments.CommentView, error) {
	return f.missed[max(0, len(f.missed)-limit):], nil
}

func (fakeComments) CommentOnVideo(context.Context, app.Principal, id.ID, string) (comments.CommentView, error) {
	return comments.CommentView{}, errors.New("not in these tests")
}

// cluster is a broker shared by several services, as Redis is.
type cluster struct {
	mu        sync.Mutex
	receivers []func(live.Event)
}

type member struct{ c *cluster }

func (m member) Subscribe(r func(live.Event)) {
	m.c.mu.Lock()
	defer m.c.mu.Unlock()
	m.c.receivers = append(m.c.receivers, r)
}

func (m member) Publish(e live.Event) {
	m.c.mu.Lock()
	rs := append([]func(live.Event){}, m.c.receivers...)
	m.c.mu.Unlock()
	for _, r := range rs {
		r(e)
	}
}

func (member) Ping(context.Context) error { return nil }
func (member) Close() error               { return nil }

// recorder is a viewer that keeps what it is sent; free, when set, is
// what its queue takes.
type recorder struct {
	mu     sync.Mutex
	events []live.Event
	ends   []live.EndReason
	free   int
}

func (r *recorder) Free() int {
	if r.free > 0 {
		return r.free
	}
	return 1000
}

func (r *recorder) Send(e live.Event) { r.mu.Lock(); r.events = append(r.events, e); r.mu.Unlock() }
func (r *recorder) End(e live.EndReason) {
	r.mu.Lock()
	r.ends = append(r.ends, e)
	r.mu.Unlock()
}

// counts returns the viewer counts it was sent.
func (r *recorder) counts() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, e := range r.events {
		if e.Kind == live.Viewers {
			out = append(out, e.Viewers)
		}
	}
	return out
}

func newService(t *testing.T, b live.Broker) *live.Service {
	t.Helper()
	return newServiceWith(t, b, fakeComments{})
}

func newServiceWith(t *testing.T, b live.Broker, cs live.Comments) *live.Service {
	t.Helper()
	s, err := live.New(live.Deps{Auth: fakeAuth{}, Comments: cs, Broker: b, Clock: app.ClockFunc(time.Now)}, live.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return s
}

func connect(t *testing.T, s *live.Service, who string) (*live.Conn, *recorder) {
	t.Helper()
	r := &recorder{}
	c, err := s.Connect(context.Background(), who, r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, r
}

// eventually polls cond for a few seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("never: %s", what)
}

// TestViewersAreCountedOnEveryInstance: each instance's members are told
// the total of every instance, and a room's count falls when its members
// leave anywhere.
func TestViewersAreCountedOnEveryInstance(t *testing.T) {
	t.Parallel()
	cl := &cluster{}
	a, b := newService(t, member{cl}), newService(t, member{cl})
	ca, ra := connect(t, a, "u1")
	cb1, rb := connect(t, b, "u2")
	cb2, _ := connect(t, b, "u3")
	for _, c := range []*live.Conn{ca, cb1, cb2} {
		if err := c.Join(context.Background(), theVideo.String(), ""); err != nil {
			t.Fatal(err)
		}
	}
	last := func(r *recorder) int {
		c := r.counts()
		if len(c) == 0 {
			return -1
		}
		return c[len(c)-1]
	}
	eventually(t, "both instances see 3 viewers", func() bool { return last(ra) == 3 && last(rb) == 3 })
	cb2.Close()
	cb1.Leave(theVideo.String())
	eventually(t, "instance a sees 1 viewer", func() bool { return last(ra) == 1 })
	if err := ca.Join(context.Background(), "0123456789abcdef01234568", ""); !errors.Is(err, video.ErrNotFound) {
		t.Fatalf("unknown video: %v", err)
	}
}

// TestShutdownEndsEveryConnection: Shutdown asks every viewer to end and
// waits until their adapters closed them; new connections are refused.
func TestShutdownEndsEveryConnection(t *testing.T) {
	t.Parallel()
	s := newService(t, member{&cluster{}})
	c1, r1 := connect(t, s, "u1")
	c2, r2 := connect(t, s, "u2")
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(context.Background()) }()
	eventually(t, "both told to end", func() bool {
		r1.mu.Lock()
		r2.mu.Lock()
		defer r1.mu.Unlock()
		defer r2.mu.Unlock()
		return len(r1.ends) == 1 && len(r2.ends) == 1 && r1.ends[0] == live.EndShutdown
	})
	select {
	case <-done:
		t.Fatal("Shutdown returned with connections open")
	case <-time.After(50 * time.Millisecond):
	}
	c1.Close()
	c2.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := s.Connect(context.Background(), "u3", &recorder{}); !errors.Is(err, live.ErrClosed) {
		t.Fatalf("connect after shutdown: %v", err)
	}
}

// newComments makes n comments under theVideo, "c0" to "c<n-1>", written
// at now, with ids in their order.
func newComments(t *testing.T, n int, now time.Time) []comments.CommentView {
	t.Helper()
	out := make([]comments.CommentView, n)
	for i := range n {
		c, err := comment.New(comment.NewParams{
			ID: id.ID(fmt.Sprintf("%024x", 100+i)), Owner: "0123456789abcdef0123456a",
			Parent: comment.Parent{Kind: comment.OnVideo, ID: theVideo}, Content: fmt.Sprint("c", i), Now: now,
		})
		if err != nil {
			t.Fatal(err)
		}
		out[i] = comments.CommentView{Comment: c}
	}
	return out
}

// TestCatchUpFitsTheQueue: a join with since sends the newest missed
// comments that fit in the viewer's queue, oldest first.
func TestCatchUpFitsTheQueue(t *testing.T) {
	t.Parallel()
	missed := newComments(t, 5, time.Now())
	b := member{&cluster{}}
	s := newServiceWith(t, b, fakeComments{missed: missed})
	for free, want := range map[int][]string{3: {"c2", "c3", "c4"}, 1000: {"c0", "c1", "c2", "c3", "c4"}} {
		r := &recorder{free: free}
		c, err := s.Connect(context.Background(), "u1", r)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Join(context.Background(), theVideo.String(), fmt.Sprintf("%024x", 1)); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range r.events {
			if e.Kind == live.NewComment {
				got = append(got, e.Comment.Content)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("free %d: caught up on %v, want %v", free, got, want)
		}
		if free == 3 {
			// c0 was left out, not sent: its late event goes through,
			// and c4's, sent, does not come twice.
			b.Publish(live.Event{Kind: live.NewComment, VideoID: theVideo, Comment: live.CommentOf(missed[4])})
			b.Publish(live.Event{Kind: live.NewComment, VideoID: theVideo, Comment: live.CommentOf(missed[0])})
			eventually(t, "the late event of the comment left out", func() bool {
				r.mu.Lock()
				defer r.mu.Unlock()
				var got []string
				for _, e := range r.events {
					if e.Kind == live.NewComment {
						got = append(got, e.Comment.Content)
					}
				}
				return fmt.Sprint(got) == "[c2 c3 c4 c0]"
			})
		}
		c.Close()
	}
}

// TestCatchUpThenALateEvent: a comment stored before the catch-up read it
// but published after the catch-up ended reaches the client once; later
// comments, and other events about caught-up comments, still come.
func TestCatchUpThenALateEvent(t *testing.T) {
	t.Parallel()
	missed := newComments(t, 2, time.Now())
	b := member{&cluster{}}
	s := newServiceWith(t, b, fakeComments{missed: missed})
	c, r := connect(t, s, "u1")
	if err := c.Join(context.Background(), theVideo.String(), fmt.Sprintf("%024x", 1)); err != nil {
		t.Fatal(err)
	}
	late := live.CommentOf(missed[1])
	b.Publish(live.Event{Kind: live.NewComment, VideoID: theVideo, Comment: late})
	b.Publish(live.Event{Kind: live.CommentUpdated, VideoID: theVideo, Comment: late})
	b.Publish(live.Event{Kind: live.NewComment, VideoID: theVideo, Comment: live.Comment{ID: id.ID(fmt.Sprintf("%024x", 102)), VideoID: theVideo, Content: "c2"}})
	want := "[new c0 new c1 updated c1 new c2]"
	eventually(t, "the events after the catch-up", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		var got []string
		for _, e := range r.events {
			switch e.Kind {
			case live.NewComment:
				got = append(got, "new "+e.Comment.Content)
			case live.CommentUpdated:
				got = append(got, "updated "+e.Comment.Content)
			}
		}
		return fmt.Sprint(got) == want
	})
	// A comment of the catch-up older than a late event could be is not
	// remembered: its event, were one to come, goes through.
	c.Close()
	old := newComments(t, 1, time.Now().Add(-time.Hour))[0].Comment
	s2 := newServiceWith(t, b, fakeComments{missed: []comments.CommentView{{Comment: old}}})
	c2, r2 := connect(t, s2, "u2")
	if err := c2.Join(context.Background(), theVideo.String(), fmt.Sprintf("%024x", 1)); err != nil {
		t.Fatal(err)
	}
	b.Publish(live.Event{Kind: live.NewComment, VideoID: theVideo, Comment: live.CommentOf(comments.CommentView{Comment: old})})
	eventually(t, "the old comment's event", func() bool {
		r2.mu.Lock()
		defer r2.mu.Unlock()
		n := 0
		for _, e := range r2.events {
			if e.Kind == live.NewComment && e.Comment.ID == old.ID() {
				n++
			}
		}
		return n == 2
	})
}

// TestJoinRacingCloseLeavesNoMember: a connection that closes while it
// joins is in no room afterwards.
func TestJoinRacingCloseLeavesNoMember(t *testing.T) {
	t.Parallel()
	s := newService(t, member{&cluster{}})
	watcher, r := connect(t, s, "watcher")
	if err := watcher.Join(context.Background(), theVideo.String(), ""); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		c, err := s.Connect(context.Background(), "racer", &recorder{})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = c.Join(context.Background(), theVideo.String(), ""); close(done) }()
		c.Close()
		<-done
	}
	if n := s.Connections(); n != 1 {
		t.Fatalf("%d connections open, want 1", n)
	}
	eventually(t, "the count to settle at 1", func() bool {
		c := r.counts()
		return len(c) > 0 && c[len(c)-1] == 1
	})
}
