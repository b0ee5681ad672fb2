package wiring

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/go-chi/httprate"

	"github.com/stagecast/stagecast/adapters/redis"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/ports/http/mid"
)

// limiters are the rate limiters of the HTTP surface.
type limiters struct {
	api, login, signup *mid.Limiter
}

// newLimiters builds the rate limiters. With a Redis client (REDIS_URL)
// they count in Redis, so that a limit holds across every instance; when
// Redis stops answering they count in the process until it returns.
func newLimiters(cfg config.Config, rdb *redis.Client, secret []byte, log *slog.Logger) *limiters {
	l := &limiters{}
	counter := func(string) httprate.LimitCounter { return nil } // in-process counts
	if rdb != nil {
		hashKey := deriveKey(secret, "rate-limit-keys")
		counter = func(name string) httprate.LimitCounter {
			return rdb.RateCounter(redis.CounterOptions{Name: name, HashKey: hashKey, Log: log})
		}
	}
	window := cfg.Limits.RateWindow
	l.api = mid.NewLimiter(cfg.Limits.API, window, counter("api"), log)
	l.login = mid.NewLimiter(cfg.Limits.Login, window, counter("login"), log)
	l.signup = mid.NewLimiter(cfg.Limits.Signup, window, counter("signup"), log)
	return l
}

// openRedis connects to REDIS_URL when it is set (nil otherwise). A Redis
// that does not answer stops the start, since a setting that silently did
// nothing would leave each instance with limits and live comments of its
// own.
func openRedis(ctx context.Context, cfg config.Config, log *slog.Logger) (*redis.Client, error) {
	if !cfg.RedisURL.IsSet() {
		return nil, nil
	}
	redis.RouteLibraryLogs(log)
	c, err := redis.Open(ctx, cfg.RedisURL.Reveal())
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL (%s): %w", cfg.RedisURL, err)
	}
	return c, nil
}

// closeRedis closes the client, when there is one.
func closeRedis(rdb *redis.Client) error {
	if rdb == nil {
		return nil
	}
	return rdb.Close()
}
