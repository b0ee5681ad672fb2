package memory

import (
	"context"
	"sync"

	"github.com/stagecast/stagecast/app/live"
)

// Broker is the in-process live.Broker (BROKER=memory): every event goes
// straight to this process's subscriber, so that there is no other
// instance to reach.
type Broker struct {
	mu      sync.RWMutex
	receive func(live.Event)
}

// NewBroker returns an in-process broker.
func NewBroker() *Broker { return &Broker{} }

// Subscribe sets the receiving function.
func (b *Broker) Subscribe(receive func(live.Event)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.receive = receive
}

// Publish hands e to the subscriber before it returns.
func (b *Broker) Publish(e live.Event) {
	b.mu.RLock()
	receive := b.receive
	b.mu.RUnlock()
	if receive != nil {
		receive(e)
	}
}

// Ping always succeeds: nothing lies between the instance and itself.
func (b *Broker) Ping(context.Context) error { return nil }

// Close does nothing; the broker holds no connection.
func (b *Broker) Close() error { return nil }

var _ live.Broker = (*Broker)(nil)
