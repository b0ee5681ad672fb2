package wiring

import (
	"log/slog"

	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/adapters/redis"
	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/config"
)

// newBroker returns the live-event broker BROKER selects: Redis pub/sub on
// the REDIS_URL client (config requires REDIS_URL with BROKER=redis), or
// the in-process one.
func newBroker(cfg config.Config, rdb *redis.Client, log *slog.Logger) live.Broker {
	if cfg.Broker == config.BrokerRedis && rdb != nil {
		return rdb.Broker(redis.BrokerOptions{Log: log})
	}
	return memory.NewBroker()
}
