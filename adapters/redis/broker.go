package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stagecast/stagecast/app/live"
)

// DefaultBrokerChannel is the Redis channel every instance's broker shares
// when BrokerOptions names none.
const DefaultBrokerChannel = "stagecast:live"

// Sizes and timing of the broker.
const (
	// brokerQueue bounds the events waiting for Redis. A comment event is
	// at most a few KiB, so a full queue holds tens of MiB at worst; past
	// it an outage costs events, never the process's memory.
	brokerQueue = 10_000
	// brokerBatch is how many queued events go out in one pipeline: one
	// round trip per batch rather than per event, in the same order.
	brokerBatch = 256
	// sendTimeout bounds one pipeline, so that a stalled server holds the
	// sender for a bounded time.
	sendTimeout = 2 * time.Second
	// brokerRetry is the wait after Redis failed, before the sender sends
	// again and before the receiver subscribes again, so that an outage
	// costs a connection attempt per second rather than a busy loop.
	brokerRetry = time.Second
	// flushTimeout is how long Close lets the sender hand what is queued
	// to Redis, so that events published just before a shutdown still
	// reach the other instances.
	flushTimeout = time.Second
	// idleCheck is how long the subscription may stay silent before the
	// receiver pings on it: a connection cut without a reset would
	// otherwise look like a quiet channel forever.
	idleCheck = 5 * time.Second
	// probeTimeout bounds Ping and the receiver's idle ping, whatever
	// the caller's context.
	probeTimeout = 5 * time.Second
)

var (
	errBrokerClosed     = errors.New("live events: broker closed")
	errSubscriptionDown = errors.New("live events: the subscription to Redis is down")
)

// BrokerOptions configure a Broker.
type BrokerOptions struct {
	// Channel is the Redis channel of the events; DefaultBrokerChannel
	// when empty. Instances that share it see each other's events.
	Channel string
	// Log receives a record when Redis goes away and when it returns,
	// when the queue overflows, and when a message on the channel is
	// rejected: once per outage or overflow, never once per event.
	Log *slog.Logger
}

// Broker is the live.Broker across instances (BROKER=redis): each event is
// delivered to this instance at once and published on a Redis channel for
// the others.
//
// Publish never waits for Redis: events wait in a bounded queue that one
// sender goroutine drains, in order, in pipelined batches. While Redis is
// away the sender holds its batch and retries every second; the queue
// fills, and its oldest events are dropped to make room, because the
// viewers of other instances catch up from the store when they rejoin. A receiver goroutine
// holds the subscription, builds a new one after a failure, and hands
// other instances' events to the receiving function in the order they
// arrived. Every message names the broker that sent it and a sequence
// number, so that a broker skips its own events (it delivered them
// already) and any a retry sent twice.
type Broker struct {
	rdb      *goredis.Client
	channel  string
	log      *slog.Logger
	instance string // 128 random bits, hex: this broker among all

	receive atomic.Pointer[func(live.Event)]
	queue   chan live.Event
	closed  atomic.Bool
	// stop is closed by Close: the sender flushes the queue and ends.
	stop chan struct{}
	// ctx ends the receiver; sendCtx ends the sender's flush when
	// flushTimeout has passed.
	ctx, sendCtx       context.Context
	cancel, cancelSend context.CancelFunc
	closeOnce          sync.Once
	wg                 sync.WaitGroup

	mu    sync.Mutex
	ps    *goredis.PubSub          // the receiver's subscription; nil between two
	pongs map[string]chan struct{} // Ping's probes awaiting their answer

	subscribed   atomic.Bool // the server confirmed the subscription and it has not failed since
	dropLogged   atomic.Bool
	rejectLogged atomic.Bool
	stats        struct{ published, dropped, received, rejected atomic.Uint64 }
}

var _ live.Broker = (*Broker)(nil)

// Broker starts a broker on c's server: its sender and its subscription.
// Ping fails until the server has confirmed the subscription. Close stops
// the broker, not c.
func (c *Client) Broker(o BrokerOptions) *Broker {
	if o.Channel == "" {
		o.Channel = DefaultBrokerChannel
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	var raw [16]byte
	_, _ = rand.Read(raw[:]) // never fails: crypto/rand aborts the process instead
	b := &Broker{
		rdb: c.rdb, channel: o.Channel, log: o.Log, instance: hex.EncodeToString(raw[:]),
		queue: make(chan live.Event, brokerQueue), stop: make(chan struct{}),
		pongs: map[string]chan struct{}{},
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.sendCtx, b.cancelSend = context.WithCancel(context.Background())
	b.wg.Add(2)
	go b.sendLoop()
	go b.receiveLoop()
	return b
}

// Subscribe sets the function that receives every event: this instance's
// from Publish, the others' from Redis. Events that arrive from Redis
// before it is set are dropped.
func (b *Broker) Subscribe(receive func(live.Event)) {
	b.receive.Store(&receive)
}

// Publish delivers e to this instance before it returns, then queues it
// for the other instances. When the queue is full, its oldest event makes
// room: the stalest is the one whose loss matters least, and events
// published once Redis is back go out with the first batches. After
// Close, Publish still delivers e here and no longer queues it.
func (b *Broker) Publish(e live.Event) {
	if r := b.receive.Load(); r != nil {
		(*r)(e)
	}
	if b.closed.Load() {
		return
	}
	select {
	case b.queue <- e:
		return
	default:
	}
	var lost uint64
	select {
	case <-b.queue:
		lost++
	default: // the sender took one meanwhile
	}
	select {
	case b.queue <- e:
	default: // another publisher took the room
		lost++
	}
	if lost == 0 {
		return
	}
	n := b.stats.dropped.Add(lost)
	if !b.dropLogged.Swap(true) {
		b.log.Warn("live events: the queue to Redis is full; other instances miss events until it drains",
			"queued", brokerQueue, "dropped", n)
	}
}

// Ping reports whether events travel both ways: the server answers, and
// the subscription is confirmed and answers a ping on its own connection,
// which it does only after every message it had to deliver before. It
// waits at most probeTimeout, less when ctx ends sooner.
func (b *Broker) Ping(ctx context.Context) error {
	if b.closed.Load() {
		return errBrokerClosed
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if err := b.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("live events: Redis does not answer: %w", err)
	}
	if !b.subscribed.Load() {
		return errSubscriptionDown
	}
	token := rand.Text()
	answered := make(chan struct{})
	b.mu.Lock()
	ps := b.ps
	b.pongs[token] = answered
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.pongs, token)
		b.mu.Unlock()
	}()
	if ps == nil {
		return errSubscriptionDown
	}
	if err := ps.Ping(ctx, token); err != nil {
		return fmt.Errorf("live events: the subscription to Redis fails: %w", err)
	}
	select {
	case <-answered:
	case <-ctx.Done():
		return fmt.Errorf("live events: no answer on the subscription to Redis: %w", ctx.Err())
	}
	if !b.subscribed.Load() {
		return errSubscriptionDown
	}
	return nil
}

// Close stops the subscription and the sender and waits for both, which
// takes at most about flushTimeout: the sender first hands what is queued
// to Redis, unless Redis is away. Closing again does nothing.
func (b *Broker) Close() error {
	b.closeOnce.Do(func() {
		b.closed.Store(true)
		b.cancel()
		b.mu.Lock()
		if b.ps != nil {
			// Ends the receiver's read at once.
			_ = b.ps.Close()
			b.ps = nil
		}
		b.mu.Unlock()
		close(b.stop)
		flushing := time.AfterFunc(flushTimeout, b.cancelSend)
		b.wg.Wait()
		flushing.Stop()
		b.cancelSend()
		b.subscribed.Store(false)
	})
	return nil
}

// BrokerStats count a broker's events since it started.
type BrokerStats struct {
	// Published is how many events went out on Redis.
	Published uint64
	// Dropped is how many events never went out: the queue was full, or
	// Close came while Redis was away.
	Dropped uint64
	// Received is how many events of other instances reached the
	// receiving function.
	Received uint64
	// Rejected is how many messages on the channel were malformed,
	// oversized or of an unknown version.
	Rejected uint64
}

// Stats returns the broker's counts, for metrics and tests.
func (b *Broker) Stats() BrokerStats {
	return BrokerStats{
		Published: b.stats.published.Load(),
		Dropped:   b.stats.dropped.Load(),
		Received:  b.stats.received.Load(),
		Rejected:  b.stats.rejected.Load(),
	}
}

// wait sleeps for d unless Close comes first; it reports whether to go on.
func (b *Broker) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-b.ctx.Done():
		return false
	}
}
