package wiring

import (
	"fmt"

	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/config"
)

// newBroker returns the live-event broker BROKER selects.
func newBroker() live.Broker { return memory.NewBroker() }

// checkBroker refuses a BROKER that cannot work yet. Live comments fan out
// in the process until the Redis broker exists; accepting BROKER=redis
// before then would let instances believe they share events they do not.
// The broker, when there is one, closes in StageBroker.
func checkBroker(cfg config.Config) error {
	if cfg.Broker == config.BrokerRedis {
		return fmt.Errorf("%w: BROKER=redis: the Redis broker is not available yet; use BROKER=memory "+
			"(REDIS_URL alone already shares the rate limits between instances)", ErrConfig)
	}
	return nil
}
