package redis

import (
	"context"
	"errors"
	"net"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stagecast/stagecast/app/live"
)

// How much the receiver remembers of other brokers' sequence numbers.
const (
	// maxSenders bounds the brokers remembered: every restart of an
	// instance brings a new one.
	maxSenders = 1024
	// senderIdle is how long a broker may stay silent before it is
	// forgotten when room is needed. Only a copy sent by a retry, which
	// follows its original within seconds, needs the memory.
	senderIdle = 10 * time.Minute
)

// receiver is the state of the goroutine that reads the subscription.
type receiver struct {
	b *Broker
	// last is the last sequence number seen of each other broker.
	last map[string]heard
	down bool // the subscription failed and has not been confirmed since
}

type heard struct {
	seq uint64
	at  time.Time
}

// receiveLoop reads the subscription until Close. After any failure it
// drops the subscription and makes a new one brokerRetry later, rather
// than rely on go-redis's reconnection alone: a connection that went
// silent without an error is only noticed by the idle ping, and go-redis
// keeps a connection whose read timed out.
func (b *Broker) receiveLoop() {
	defer b.wg.Done()
	r := &receiver{b: b, last: map[string]heard{}}
	for {
		ps := b.subscribe()
		if ps == nil {
			return
		}
		err := r.read(ps)
		if b.ctx.Err() != nil {
			return
		}
		r.lost(err)
		b.mu.Lock()
		if b.ps == ps {
			b.ps = nil
		}
		b.mu.Unlock()
		_ = ps.Close()
		if !b.wait(brokerRetry) {
			return
		}
	}
}

// subscribe makes a new subscription, or none after Close. go-redis
// connects and sends SUBSCRIBE here; its failure shows in the first read.
func (b *Broker) subscribe() *goredis.PubSub {
	ps := b.rdb.Subscribe(b.ctx, b.channel)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ctx.Err() != nil {
		// Close came meanwhile and could not see this subscription.
		_ = ps.Close()
		return nil
	}
	b.ps = ps
	return ps
}

// read handles what arrives on ps until it fails. When the subscription
// has been quiet for idleCheck it pings on it; a second quiet period
// without even the answer means the connection is gone.
func (r *receiver) read(ps *goredis.PubSub) error {
	pinged := false
	for {
		msg, err := ps.ReceiveTimeout(r.b.ctx, idleCheck)
		if err == nil {
			pinged = false
			r.handle(msg)
			continue
		}
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() || pinged || !r.b.subscribed.Load() {
			return err
		}
		pinged = true
		ctx, cancel := context.WithTimeout(r.b.ctx, probeTimeout)
		err = ps.Ping(ctx)
		cancel()
		if err != nil {
			return err
		}
	}
}

func (r *receiver) handle(msg any) {
	b := r.b
	switch m := msg.(type) {
	case *goredis.Subscription:
		if m.Kind == "subscribe" && m.Channel == b.channel {
			r.found()
		}
	case *goredis.Pong:
		b.mu.Lock()
		if answered, ok := b.pongs[m.Payload]; ok {
			close(answered)
			delete(b.pongs, m.Payload)
		}
		b.mu.Unlock()
	case *goredis.Message:
		r.deliver(m.Payload)
	}
}

// deliver hands one message's event to the receiving function, unless it
// is malformed, this broker's own, or a copy of one already delivered.
func (r *receiver) deliver(payload string) {
	b := r.b
	e, from, seq, err := decodeEvent(payload)
	if err != nil {
		n := b.stats.rejected.Add(1)
		if !b.rejectLogged.Swap(true) {
			// The message itself may hold anything; its size and what is
			// wrong with it are enough to look for its sender.
			b.log.Warn("live events: ignoring a malformed message on the Redis channel (logged once)",
				"channel", b.channel, "bytes", len(payload), "rejected", n, "err", err)
		}
		return
	}
	if from == b.instance {
		return
	}
	fresh, gap := r.fresh(from, seq)
	if !fresh {
		return
	}
	if f := b.receive.Load(); f != nil {
		b.stats.received.Add(1)
		(*f)(e)
	}
	if gap {
		r.resync()
	}
}

// resync tells the receiving function that events of other instances were
// missed (live.Resync), so that its viewers catch up from the store.
func (r *receiver) resync() {
	if f := r.b.receive.Load(); f != nil {
		(*f)(live.Event{Kind: live.Resync})
	}
}

// fresh reports whether seq is new from broker from, and remembers it;
// gap reports that messages of that broker were missed before it.
func (r *receiver) fresh(from string, seq uint64) (fresh, gap bool) {
	now := time.Now()
	h, ok := r.last[from]
	if ok && seq <= h.seq {
		return false, false
	}
	gap = ok && seq > h.seq+1
	if !ok && len(r.last) >= maxSenders {
		for k, v := range r.last {
			if now.Sub(v.at) > senderIdle {
				delete(r.last, k)
			}
		}
		if len(r.last) >= maxSenders {
			// Only someone writing junk on the channel gets here; a copy
			// delivered twice is the worst forgetting can do.
			clear(r.last)
		}
	}
	r.last[from] = heard{seq: seq, at: now}
	return true, gap
}

// found notes the server's confirmation of the subscription.
func (r *receiver) found() {
	r.b.subscribed.Store(true)
	if r.down {
		r.down = false
		r.b.log.Info("live events: subscribed to Redis again; events of other instances arrive", "channel", r.b.channel)
		r.resync()
	}
}

// lost notes a failed subscription, with one record per outage.
func (r *receiver) lost(err error) {
	r.b.subscribed.Store(false)
	if !r.down {
		r.down = true
		r.b.log.Warn("live events: the subscription to Redis failed; events of other instances are missed until it returns",
			"channel", r.b.channel, "err", err)
	}
}
