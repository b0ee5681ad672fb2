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

// limiters are the rate limiters of the HTTP surface, with the connection
// their counts live on.
type limiters struct {
	api, login, signup *mid.Limiter
	// redis holds the counts when REDIS_URL is set; nil otherwise.
	redis *redis.Client
}

// newLimiters builds the rate limiters. With REDIS_URL set they count in
// Redis, so that a limit holds across every instance; a Redis that does
// not answer stops the start, since a setting that silently did nothing
// would leave each instance with limits of its own.
func newLimiters(ctx context.Context, cfg config.Config, secret []byte, log *slog.Logger) (*limiters, error) {
	l := &limiters{}
	counter := func(string) httprate.LimitCounter { return nil } // in-process counts
	if cfg.RedisURL.IsSet() {
		c, err := redis.Open(ctx, cfg.RedisURL.Reveal())
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL (%s): %w", cfg.RedisURL, err)
		}
		l.redis = c
		hashKey := deriveKey(secret, "rate-limit-keys")
		counter = func(name string) httprate.LimitCounter {
			return c.RateCounter(redis.CounterOptions{Name: name, HashKey: hashKey, Log: log})
		}
	}
	window := cfg.Limits.RateWindow
	l.api = mid.NewLimiter(cfg.Limits.API, window, counter("api"), log)
	l.login = mid.NewLimiter(cfg.Limits.Login, window, counter("login"), log)
	l.signup = mid.NewLimiter(cfg.Limits.Signup, window, counter("signup"), log)
	return l, nil
}

// close closes the connection the counts live on.
func (l *limiters) close() error {
	if l.redis == nil {
		return nil
	}
	return l.redis.Close()
}
