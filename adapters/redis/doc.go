// Package redis connects Stagecast to Redis (github.com/redis/go-redis/v9)
// for what several instances must share: the rate-limit counts, so that a
// limit holds for a client whichever instance it reaches, and the live
// events, so that a comment reaches its viewers whichever instance they
// are connected to.
//
// Client is one pool of connections, opened once at start; what lives in
// Redis is built on it (RateCounter, Broker). Nothing here is the source of
// truth for data: losing Redis loses counts and events in flight, never
// accounts, videos or comments.
package redis
