package live

import "context"

// Broker carries the events of every room to every instance's Service.
type Broker interface {
	// Subscribe sets the function that receives every event published on
	// any instance, this one included. It is called once, before the
	// first Publish; the function must not block.
	Subscribe(receive func(Event))
	// Publish hands e to every instance. This instance receives it before
	// Publish returns, so that its own viewers never wait on a network;
	// other instances receive the events of one publisher in the order
	// they were published. Publish never blocks on the network: an event
	// the broker cannot carry is lost to other instances only, whose
	// viewers catch up from the store.
	Publish(e Event)
	// Ping reports whether events reach the other instances.
	Ping(ctx context.Context) error
	// Close stops carrying events.
	Close() error
}
