package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// pingTimeout bounds the check at start that the server answers.
const pingTimeout = 5 * time.Second

// Client is a pool of connections to one Redis server.
type Client struct {
	rdb *goredis.Client
}

// Open connects to the server rawURL names (redis:// or rediss://) and
// checks that it answers, so that a wrong or unreachable REDIS_URL stops
// the start instead of failing requests later. Its errors never contain
// the URL, which may hold a password.
func Open(ctx context.Context, rawURL string) (*Client, error) {
	opts, err := goredis.ParseURL(rawURL)
	if err != nil {
		// ParseURL's errors quote the URL, password included.
		return nil, errors.New("not a valid redis:// or rediss:// URL")
	}
	// Deadlines come from each call's context, so that a slow server
	// delays a request by a bounded time.
	opts.ContextTimeoutEnabled = true
	// Maintenance notifications are a hosted-Redis feature; the handshake
	// only adds a round trip to every new connection elsewhere.
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	c := &Client{rdb: goredis.NewClient(opts)}
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := c.Ping(ctx); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("no answer from %s: %w", opts.Addr, err)
	}
	return c, nil
}

// Ping checks that the server answers.
func (c *Client) Ping(ctx context.Context) error { return c.rdb.Ping(ctx).Err() }

// Close closes the pool. What was built on the client stops working.
func (c *Client) Close() error { return c.rdb.Close() }
