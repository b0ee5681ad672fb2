package redis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// pingTimeout bounds the check at start that the server answers.
const pingTimeout = 5 * time.Second

// Client is a pool of connections to one Redis server.
type Client struct {
	rdb *goredis.Client
	// limits is the outage state of the rate counters built on the client.
	limits outage
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

// RouteLibraryLogs sends go-redis's own records, which repeat every failed
// dial while Redis is away, to log at debug level: the adapter tells each
// outage once, at its start and its end. go-redis has one logger per
// process: the first call sets it, later ones do nothing, as go-redis
// reads it without a lock.
func RouteLibraryLogs(log *slog.Logger) {
	routeOnce.Do(func() { goredis.SetLogger(libraryLog{log}) })
}

var routeOnce sync.Once

// libraryLog adapts a slog.Logger to go-redis's logging interface.
type libraryLog struct{ log *slog.Logger }

func (l libraryLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
}
