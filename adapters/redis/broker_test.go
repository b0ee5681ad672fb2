package redis

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/id"
)

// TestBrokerCarriesEventsBetweenInstances gives two brokers, as two
// instances would have, each its own client: every event published on
// one reaches the other once, in order and intact, and the publisher's
// own receiving function sees it once, not again from Redis.
func TestBrokerCarriesEventsBetweenInstances(t *testing.T) {
	t.Parallel()
	url, ch := redistest.URL(t), redistest.Name()
	a, gotA := newBroker(t, openClient(t, url), ch, discard)
	b, gotB := newBroker(t, openClient(t, url), ch, discard)
	waitReady(t, a, b)

	const n = 1000
	sent := make([]live.Event, n)
	for i := range sent {
		sent[i] = sampleEvent(i)
		a.Publish(sent[i])
		if gotA.len() != i+1 {
			t.Fatalf("event %d not delivered locally before Publish returned", i)
		}
	}
	gotB.waitLen(t, n, 10*time.Second)
	for i, e := range gotB.all()[:n] {
		if !reflect.DeepEqual(e, sent[i]) {
			t.Fatalf("event %d arrived as\n%#v\nwant\n%#v", i, e, sent[i])
		}
	}

	// Redis hands A's messages to every subscriber before it handles a
	// PUBLISH that B sends after receiving them all: once A has this
	// event, it has read (and skipped) its own thousand.
	last := live.Event{Kind: live.Viewers, VideoID: testID(1), Viewers: 7, Origin: "b"}
	b.Publish(last)
	gotA.waitLen(t, n+1, 10*time.Second)
	time.Sleep(50 * time.Millisecond) // room for a copy that should not come
	if all := gotA.all(); len(all) != n+1 || !reflect.DeepEqual(all[n], last) || !reflect.DeepEqual(all[:n], sent) {
		t.Fatalf("A received %d events, want its %d once and B's one", len(all), n)
	}
	if got := gotB.len(); got != n+1 {
		t.Fatalf("B received %d events, want %d", got, n+1)
	}
	sa, sb := a.Stats(), b.Stats()
	if sa.Published != n || sa.Received != 1 || sb.Received != n || sa.Dropped+sb.Dropped+sa.Rejected+sb.Rejected != 0 {
		t.Fatalf("stats: A %+v, B %+v", sa, sb)
	}
}

// TestBrokerIgnoresMalformedMessages writes junk on the channel with a
// plain client: the broker skips it, logs once, and delivers what follows.
func TestBrokerIgnoresMalformedMessages(t *testing.T) {
	t.Parallel()
	url, ch := redistest.URL(t), redistest.Name()
	var logs apptest.SyncBuffer
	a, _ := newBroker(t, openClient(t, url), ch, discard)
	b, gotB := newBroker(t, openClient(t, url), ch, slog.New(slog.NewTextHandler(&logs, nil)))
	raw := openClient(t, url)
	waitReady(t, a, b)

	const other = "0123456789abcdef0123456789abcdef"
	valid := `{"v":1,"from":"` + other + `","seq":1,"kind":"viewers","videoId":"000000000000000000000001","viewers":3,"origin":"x"}`
	junk := []string{
		"", "not json", "null", "[]", "{}", `"text"`, valid + "x",
		strings.Replace(valid, `"v":1`, `"v":2`, 1),
		strings.Replace(valid, `"seq":1`, `"seq":"1"`, 1),
		strings.Replace(valid, `"seq":1`, `"seq":0`, 1),
		strings.Replace(valid, other, "someone", 1),
		strings.Replace(valid, `"viewers"`, `"shouting"`, 1),
		strings.Replace(valid, `"viewers":3`, `"viewers":-3`, 1),
		strings.Replace(valid, "000000000000000000000001", "../../etc/passwd", 1),
		`{"v":1,"from":"` + other + `","seq":2,"kind":"new_comment","videoId":"000000000000000000000001"}`,
		`{"v":1,"from":"` + other + `","seq":2,"kind":"new_comment","videoId":"000000000000000000000001","comment":{"id":"000000000000000000000002","author":{"id":1}}}`,
		strings.Repeat("[", 100_000),
		`{"v":1,"pad":"` + strings.Repeat("x", maxMessage) + `"}`,
	}
	ctx := context.Background()
	for _, m := range junk {
		if err := raw.rdb.Publish(ctx, ch, m).Err(); err != nil {
			t.Fatal(err)
		}
	}
	// A well-formed message of another sender gets through, once however
	// often it comes; one that claims to be B's own does not.
	for _, m := range []string{valid, valid, strings.Replace(strings.Replace(valid, other, b.instance, 1), `"viewers":3`, `"viewers":4`, 1)} {
		if err := raw.rdb.Publish(ctx, ch, m).Err(); err != nil {
			t.Fatal(err)
		}
	}
	after := sampleEvent(0)
	a.Publish(after)
	gotB.waitLen(t, 2, 10*time.Second)
	want := []live.Event{{Kind: live.Viewers, VideoID: testID(1), Viewers: 3, Origin: "x"}, after}
	if got := gotB.all(); !reflect.DeepEqual(got, want) {
		t.Fatalf("B received\n%#v\nwant\n%#v", got, want)
	}
	if s := b.Stats(); s.Rejected != uint64(len(junk)) || s.Received != 2 {
		t.Fatalf("stats %+v, want %d rejected", s, len(junk))
	}
	if n := strings.Count(logs.String(), "malformed"); n != 1 {
		t.Fatalf("%d records of malformed messages, want 1:\n%s", n, logs.String())
	}
	if err := b.Ping(ctx); err != nil {
		t.Fatalf("ping after junk: %v", err)
	}
}

// TestBrokerClose checks that Close flushes what is queued, returns at
// once, can be called again, and leaves Publish delivering locally.
func TestBrokerClose(t *testing.T) {
	t.Parallel()
	url, ch := redistest.URL(t), redistest.Name()
	a, gotA := newBroker(t, openClient(t, url), ch, discard)
	_, gotB := newBroker(t, openClient(t, url), ch, discard)
	waitReady(t, a)
	waitReady(t, gotB.broker)

	const n = 500
	for i := range n {
		a.Publish(sampleEvent(i))
	}
	start := time.Now()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	gotB.waitLen(t, n, 10*time.Second) // flushed at Close
	start = time.Now()
	if err := a.Close(); err != nil || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("second Close: %v after %v", err, time.Since(start))
	}
	a.Publish(sampleEvent(n))
	if gotA.len() != n+1 {
		t.Fatal("Publish after Close did not deliver locally")
	}
	if err := a.Ping(context.Background()); err == nil {
		t.Fatal("Ping after Close succeeded")
	}
	time.Sleep(50 * time.Millisecond)
	if got := gotB.len(); got != n {
		t.Fatalf("an event published after Close reached B (%d events)", got)
	}
}

// TestBrokerCloseWhileRedisIsAway closes a broker whose Redis went away
// with events queued: Close neither waits for Redis nor hangs.
func TestBrokerCloseWhileRedisIsAway(t *testing.T) {
	t.Parallel()
	url := redistest.URL(t)
	p := redistest.StartProxy(t, url)
	a, _ := newBroker(t, openClient(t, p.URL), redistest.Name(), discard)
	waitReady(t, a)
	p.Cut()
	for i := range 100 {
		a.Publish(sampleEvent(i))
	}
	time.Sleep(100 * time.Millisecond) // the sender is now retrying
	start := time.Now()
	a.Close()
	if d := time.Since(start); d > flushTimeout+time.Second {
		t.Fatalf("Close took %v", d)
	}
	if s := a.Stats(); s.Dropped != 100 || s.Published != 0 {
		t.Fatalf("stats %+v, want the 100 events dropped", s)
	}
}

// sampleEvent returns the i-th of a series of events that uses every field
// of live.Event.
func sampleEvent(i int) live.Event {
	video := testID(1)
	at := time.Date(2030, 1, 2, 3, 4, 5, 123456789, time.UTC).Add(time.Duration(i) * time.Millisecond)
	c := live.Comment{
		ID: testID(1000 + i), VideoID: video,
		Content:   fmt.Sprintf("comment %d: ünï \u2028 <b>&\"'\n", i),
		CreatedAt: at, UpdatedAt: at.Add(time.Nanosecond),
	}
	switch i % 5 {
	case 0:
		c.Author = &live.Author{ID: testID(7), Username: "ada", Name: "Ada L.", ProfileImage: "https://img.example/ada.png"}
		return live.Event{Kind: live.NewComment, VideoID: video, Comment: c}
	case 1:
		return live.Event{Kind: live.CommentUpdated, VideoID: video, Comment: c}
	case 2:
		return live.Event{Kind: live.CommentDeleted, VideoID: video, Comment: live.Comment{ID: c.ID, VideoID: video}}
	case 3:
		return live.Event{Kind: live.VideoHidden, VideoID: video, Owner: testID(7)}
	default:
		return live.Event{Kind: live.Viewers, VideoID: video, Viewers: i, Origin: "0123abcd"}
	}
}

func testID(n int) id.ID { return id.ID(fmt.Sprintf("%024x", n)) }

// openClient opens a client on url, closed when the test ends.
func openClient(tb testing.TB, url string) *Client {
	tb.Helper()
	c, err := Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// newBroker starts a broker on c that records what it receives.
func newBroker(tb testing.TB, c *Client, channel string, log *slog.Logger) (*Broker, *collector) {
	b := c.Broker(BrokerOptions{Channel: channel, Log: log})
	tb.Cleanup(func() { b.Close() })
	got := &collector{broker: b, changed: make(chan struct{}, 1)}
	b.Subscribe(got.receive)
	return b, got
}

// waitReady waits until every broker's subscription is confirmed, so that
// no event published afterwards can be missed.
func waitReady(tb testing.TB, bs ...*Broker) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, b := range bs {
		for {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			err := b.Ping(ctx)
			cancel()
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				tb.Fatalf("broker not ready: %v", err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// collector records the events a broker's receiving function gets.
type collector struct {
	broker  *Broker
	mu      sync.Mutex
	events  []live.Event
	changed chan struct{}
}

func (c *collector) receive(e live.Event) {
	c.mu.Lock()
	c.events = append(c.events, e)
	c.mu.Unlock()
	select {
	case c.changed <- struct{}{}:
	default:
	}
}

func (c *collector) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.events)
}

func (c *collector) all() []live.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]live.Event(nil), c.events...)
}

// waitFor waits until ok holds for what was received, or fails the test.
func (c *collector) waitFor(tb testing.TB, what string, d time.Duration, ok func([]live.Event) bool) {
	tb.Helper()
	timeout := time.NewTimer(d)
	defer timeout.Stop()
	for {
		c.mu.Lock()
		done := ok(c.events)
		n := len(c.events)
		c.mu.Unlock()
		if done {
			return
		}
		select {
		case <-c.changed:
		case <-timeout.C:
			tb.Fatalf("after %v: %s (%d events received)", d, what, n)
		}
	}
}

func (c *collector) waitLen(tb testing.TB, n int, d time.Duration) {
	tb.Helper()
	c.waitFor(tb, fmt.Sprintf("want %d events", n), d, func(es []live.Event) bool { return len(es) >= n })
}
