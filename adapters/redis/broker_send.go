package redis

import (
	"context"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stagecast/stagecast/app/live"
)

// sender is the state of the one goroutine that drains the queue: one
// goroutine, so that the events of one publisher leave in the order they
// were published.
type sender struct {
	b    *Broker
	seq  uint64   // the last sequence number given to an event
	out  []string // encoded events, oldest first, not yet sent
	down bool     // the last send failed
	// dropped is the count of events dropped before the queue that the
	// numbering has accounted for: a drop skips a number, so that other
	// instances see the gap and send their viewers to catch up.
	dropped uint64
	// badLogged keeps a bug that makes events unencodable from logging
	// once per event.
	badLogged bool
}

// sendLoop sends queued events until Close. After a failure it keeps its
// batch and tries again every brokerRetry: nothing overtakes an event
// that failed, and meanwhile the queue, not the batch, takes what is
// published.
func (b *Broker) sendLoop() {
	defer b.wg.Done()
	s := &sender{b: b, out: make([]string, 0, brokerBatch)}
	for {
		if len(s.out) == 0 {
			select {
			case e := <-b.queue:
				s.add(e)
			case <-b.stop:
				s.flush()
				return
			}
		}
		s.fill()
		if s.send() {
			continue
		}
		t := time.NewTimer(brokerRetry)
		select {
		case <-t.C:
		case <-b.stop:
			t.Stop()
			s.abandon()
			return
		}
	}
}

// add encodes e behind the batch. An event that cannot be encoded (a time
// outside years 0 to 9999, say) is dropped rather than held forever.
func (s *sender) add(e live.Event) {
	if d := s.b.stats.dropped.Load(); d != s.dropped {
		s.dropped = d
		s.seq++ // the gap that tells of the drops
	}
	m, err := encodeEvent(e, s.b.instance, s.seq+1)
	if err != nil {
		n := s.b.stats.dropped.Add(1)
		if !s.badLogged {
			s.badLogged = true
			s.b.log.Error("live events: an event cannot be encoded; other instances miss it (logged once)",
				"kind", e.Kind, "dropped", n, "err", err)
		}
		return
	}
	s.seq++
	s.out = append(s.out, m)
}

// fill adds what is already queued, up to a batch, without waiting.
func (s *sender) fill() {
	for len(s.out) < brokerBatch {
		select {
		case e := <-s.b.queue:
			s.add(e)
		default:
			return
		}
	}
}

// send publishes the batch in one pipeline and reports whether all of it
// went out. What Redis acknowledged leaves the batch; the rest is tried
// again later. A message Redis took without acknowledging may go out
// twice: its sequence number lets receivers skip the copy.
func (s *sender) send() bool {
	if len(s.out) == 0 {
		return true
	}
	b := s.b
	ctx, cancel := context.WithTimeout(b.sendCtx, sendTimeout)
	defer cancel()
	cmds, err := b.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for _, m := range s.out {
			p.Publish(ctx, b.channel, m)
		}
		return nil
	})
	sent := len(s.out)
	if err != nil {
		sent = 0
		for _, c := range cmds {
			if c.Err() != nil {
				break
			}
			sent++
		}
	}
	b.stats.published.Add(uint64(sent))
	s.out = s.out[:copy(s.out, s.out[sent:])]
	if err != nil {
		if !s.down {
			s.down = true
			b.log.Warn("live events: cannot publish on Redis; other instances miss this one's events until it answers",
				"channel", b.channel, "err", err)
		}
		return false
	}
	if s.down {
		s.down = false
		b.log.Info("live events: publishing on Redis again", "channel", b.channel, "dropped", b.stats.dropped.Load())
	}
	// Log a full queue again once it has room, so that one outage or
	// burst makes one record.
	if len(b.queue) < brokerQueue/2 {
		b.dropLogged.Store(false)
	}
	return true
}

// flush sends what is queued at Close, unless Redis is away, until the
// queue is empty or Close's flushTimeout cancels sendCtx.
func (s *sender) flush() {
	for !s.down {
		s.fill()
		if len(s.out) == 0 {
			return
		}
		if !s.send() {
			break
		}
	}
	s.abandon()
}

// abandon counts what will never go out.
func (s *sender) abandon() {
	n := len(s.out)
	s.out = s.out[:0]
	for {
		select {
		case <-s.b.queue:
			n++
		default:
			if n > 0 {
				s.b.stats.dropped.Add(uint64(n))
				s.b.log.Warn("live events: closed with events Redis did not take; other instances miss them", "dropped", n)
			}
			return
		}
	}
}
