package redis

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/app/live"
)

// TestBrokerSurvivesRedisOutage puts a proxy between one instance and
// Redis and cuts it, as a Redis restart or a broken network would: the
// instance keeps delivering its own events at once, holds a bounded queue,
// reports itself unhealthy, and carries events both ways again once the
// proxy lets connections through, without a restart.
func TestBrokerSurvivesRedisOutage(t *testing.T) {
	t.Parallel()
	url, ch := redistest.URL(t), redistest.Name()
	p := redistest.StartProxy(t, url)
	var logs, logsB apptest.SyncBuffer
	a, gotA := newBroker(t, openClient(t, p.URL), ch, slog.New(slog.NewTextHandler(&logs, nil)))
	b, gotB := newBroker(t, openClient(t, url), ch, slog.New(slog.NewTextHandler(&logsB, nil)))
	waitReady(t, a, b)
	a.Publish(numbered(0))
	gotB.waitLen(t, 1, 10*time.Second)

	p.Cut()
	// Publish delivers locally at once and never waits for the network,
	// however much is published; the queue keeps the newest events.
	const burst = 2*brokerQueue + 5000
	start := time.Now()
	for i := 1; i <= burst; i++ {
		a.Publish(numbered(i))
		if gotA.len() != i+1 {
			t.Fatalf("event %d not delivered locally while Redis is away", i)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("%d publishes took %v while Redis was away", burst, d)
	}
	t.Logf("%d publishes while Redis was away: %v", burst, time.Since(start))
	if s := a.Stats(); s.Dropped < burst-brokerQueue-brokerBatch || len(a.queue) > brokerQueue {
		t.Fatalf("queue not bounded: %+v, %d queued", s, len(a.queue))
	}

	start = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	err := a.Ping(ctx)
	cancel()
	if err == nil {
		t.Fatal("Ping succeeded while Redis was away")
	}
	t.Logf("Ping failed after %v: %v", time.Since(start), err)
	if err := b.Ping(context.Background()); err != nil {
		t.Fatalf("the other instance's Ping: %v", err)
	}
	waitLog(t, &logs, "cannot publish on Redis")
	waitLog(t, &logs, "subscription to Redis failed")

	p.Restore()
	start = time.Now()
	waitReady(t, a)
	t.Logf("Ping succeeds %v after Redis returned", time.Since(start))
	after := numbered(burst + 1)
	a.Publish(after)
	gotB.waitFor(t, "the event published after the outage", 10*time.Second, func(es []live.Event) bool {
		return es[len(es)-1] == after
	})
	t.Logf("%d events reached the other instance %v after Redis returned", gotB.len(), time.Since(start))
	// What reached B came in order, once: the queue's backlog, then the
	// new event. The events the full queue dropped are a gap that B is
	// told of once (live.Resync), after the first event past it.
	prev, resyncs := -1, 0
	for _, e := range gotB.all() {
		if e.Kind == live.Resync {
			resyncs++
			continue
		}
		if e.Viewers <= prev {
			t.Fatalf("event %d after %d", e.Viewers, prev)
		}
		prev = e.Viewers
	}
	// B's own subscription may also drop on a loaded machine (a read
	// timeout): each return is one more resync. B logs a return before it
	// delivers its resync, and its log is read after the events, so the
	// log tells at least the returns whose resyncs are among them.
	again := strings.Count(logsB.String(), "subscribed to Redis again")
	if resyncs < 1 || resyncs > 1+again {
		t.Fatalf("B was told of missed events %d times, want once, plus at most once for each of its own %d resubscriptions", resyncs, again)
	}
	fromB := live.Event{Kind: live.Viewers, VideoID: testID(2), Viewers: 1, Origin: "b"}
	b.Publish(fromB)
	gotA.waitFor(t, "the other instance's event after the outage", 10*time.Second, func(es []live.Event) bool {
		return es[len(es)-1] == fromB
	})

	for _, m := range []string{
		"cannot publish on Redis", "publishing on Redis again", "subscription to Redis failed",
		"subscribed to Redis again", "queue to Redis is full",
	} {
		if n := strings.Count(logs.String(), m); n != 1 {
			t.Errorf("%d records %q, want 1:\n%s", n, m, logs.String())
		}
	}
}

// numbered is the i-th of a series of events told apart by their count.
func numbered(i int) live.Event {
	return live.Event{Kind: live.Viewers, VideoID: testID(1), Viewers: i, Origin: "a"}
}

// waitLog waits until the log holds msg.
func waitLog(t *testing.T, logs *apptest.SyncBuffer, msg string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), msg) {
		if time.Now().After(deadline) {
			t.Fatalf("no record %q:\n%s", msg, logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
