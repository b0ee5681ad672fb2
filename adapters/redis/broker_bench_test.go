package redis

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/app/live"
)

// BenchmarkBrokerPublish measures events per second from one broker
// through Redis to another, counted when the receiving function gets
// them. The publisher keeps at most half a queue ahead of the receiver,
// so that the figure is what goes through, not what a full queue drops.
func BenchmarkBrokerPublish(b *testing.B) {
	url, ch := redistest.URL(b), redistest.Name()
	pub := openClient(b, url).Broker(BrokerOptions{Channel: ch, Log: discard})
	sub := openClient(b, url).Broker(BrokerOptions{Channel: ch, Log: discard})
	b.Cleanup(func() { pub.Close(); sub.Close() })
	var got atomic.Int64
	progress := make(chan struct{}, 1)
	pub.Subscribe(func(live.Event) {})
	sub.Subscribe(func(live.Event) {
		got.Add(1)
		select {
		case progress <- struct{}{}:
		default:
		}
	})
	waitReady(b, pub, sub)
	e := sampleEvent(0) // a new comment, with its author

	// wait blocks until the receiver has at least n events.
	wait := func(n int64) {
		for got.Load() < n {
			select {
			case <-progress:
			case <-time.After(10 * time.Second):
				b.Fatalf("stalled at %d of %d events: %+v", got.Load(), b.N, pub.Stats())
			}
		}
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		wait(int64(i - brokerQueue/2))
		pub.Publish(e)
	}
	wait(int64(b.N))
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
	if s := pub.Stats(); s.Dropped != 0 {
		b.Fatalf("dropped %d events", s.Dropped)
	}
}
