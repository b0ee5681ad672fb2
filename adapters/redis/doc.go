// Package redis connects Stagecast to Redis (github.com/redis/go-redis/v9)
// for what several instances must share: today the rate-limit counts, so
// that a limit holds for a client whichever instance it reaches.
//
// Client is one pool of connections, opened once at start; what lives in
// Redis is built on it (RateCounter). Nothing here is the source of truth
// for data: losing Redis loses counts, never accounts or videos.
package redis
