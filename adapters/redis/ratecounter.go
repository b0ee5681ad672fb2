package redis

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/httprate"
	goredis "github.com/redis/go-redis/v9"
)

// Timing of the rate counter.
const (
	// opTimeout bounds one round trip. httprate serializes the calls of a
	// limiter, so a stalled server would stall every request behind it.
	opTimeout = 500 * time.Millisecond
	// retryEvery is how long the counter counts in the process after Redis
	// failed before it tries Redis again, so that an outage costs one
	// timeout per interval rather than one per request.
	retryEvery = 10 * time.Second
	// expirySlack keeps a window's count a little past the two windows
	// httprate reads it in, for clocks of instances that disagree slightly.
	expirySlack = time.Minute
)

// CounterOptions configure a RateCounter.
type CounterOptions struct {
	// Name keeps the counts of one limiter apart from every other's.
	Name string
	// HashKey keys the hash that turns a limiter's key, which may hold a
	// client address and an account name, into a Redis key: Redis then
	// holds no personal data, and nobody can pick keys that collide.
	HashKey []byte
	// Log receives a record when Redis stops answering and when it answers
	// again.
	Log *slog.Logger
	// Now times the retries after a failure; time.Now when nil.
	Now func() time.Time
}

// RateCounter is an httprate.LimitCounter that keeps its counts in Redis,
// so that every instance of the server sees one count per key and window.
// Each window's count is one key, raised with INCRBY and given its expiry
// in the same MULTI, so that no count is left without one.
//
// When Redis fails, the counter counts in the process until Redis answers
// again: every limit then holds per instance, so at most the number of
// instances times the limit gets through. Failing closed would turn a
// Redis outage into an outage of the whole API, every request of which is
// counted; failing open would drop the login limit, the guard against
// password guessing, exactly while nobody is watching.
type RateCounter struct {
	rdb    *goredis.Client
	o      CounterOptions
	window time.Duration
	local  httprate.LimitCounter

	mu        sync.Mutex
	downUntil time.Time // counts stay in the process until then
	// outage is shared by the counters of one client, so that an outage
	// is logged once however many limiters notice it.
	outage *outage
}

// outage records whether the rate counters of a client found Redis down.
type outage struct {
	mu   sync.Mutex
	down bool
}

// fail logs the start of an outage, once.
func (o *outage) fail(log *slog.Logger, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.down {
		o.down = true
		log.Error("rate limits: Redis failed; every limit counts in this process until it answers", "err", err)
	}
}

// answered logs the end of an outage, once.
func (o *outage) answered(log *slog.Logger) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.down {
		o.down = false
		log.Info("rate limits: Redis answers again; counts are shared")
	}
}

// RateCounter returns a counter for one limiter on c.
func (c *Client) RateCounter(o CounterOptions) *RateCounter {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		// httprate holds its limiter's lock while it counts: a panic
		// here would leave every later request waiting on it.
		o.Log = slog.New(slog.DiscardHandler)
	}
	// The local counter's window is set again by Config, which httprate
	// calls before any count.
	return &RateCounter{rdb: c.rdb, o: o, window: time.Minute, local: httprate.NewLocalLimitCounter(time.Minute), outage: &c.limits}
}

var _ httprate.LimitCounter = (*RateCounter)(nil)

// Config is called by httprate with the limiter's settings before use.
func (c *RateCounter) Config(requestLimit int, windowLength time.Duration) {
	c.window = windowLength
	c.local.Config(requestLimit, windowLength)
}

// Increment counts one request under key in the window starting at
// currentWindow.
func (c *RateCounter) Increment(key string, currentWindow time.Time) error {
	return c.IncrementBy(key, currentWindow, 1)
}

// IncrementBy counts amount requests under key in the window starting at
// currentWindow.
func (c *RateCounter) IncrementBy(key string, currentWindow time.Time, amount int) error {
	if c.shared() {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		k := c.key(key, currentWindow)
		_, err := c.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
			p.IncrBy(ctx, k, int64(amount))
			p.PExpire(ctx, k, 2*c.window+expirySlack)
			return nil
		})
		if err == nil {
			c.answered()
			return nil
		}
		c.failed(err)
	}
	return c.local.IncrementBy(key, currentWindow, amount)
}

// Get returns the counts under key in the current and the previous window.
func (c *RateCounter) Get(key string, currentWindow, previousWindow time.Time) (int, int, error) {
	if c.shared() {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		vals, err := c.rdb.MGet(ctx, c.key(key, currentWindow), c.key(key, previousWindow)).Result()
		var curr, prev int
		if err == nil {
			curr, err = count(vals[0])
		}
		if err == nil {
			prev, err = count(vals[1])
		}
		if err == nil {
			c.answered()
			return curr, prev, nil
		}
		c.failed(err)
	}
	return c.local.Get(key, currentWindow, previousWindow)
}

// count reads one value of MGET: nil for a window nobody counted in.
func count(v any) (int, error) {
	switch v := v.(type) {
	case nil:
		return 0, nil
	case string:
		return strconv.Atoi(v)
	default:
		return 0, fmt.Errorf("unexpected count %T", v)
	}
}

// key is the Redis key of a limiter's key in one window. Windows are
// aligned to the wall clock by httprate, so all instances agree on them.
func (c *RateCounter) key(key string, window time.Time) string {
	m := hmac.New(sha256.New, c.o.HashKey)
	m.Write([]byte(key))
	return "stagecast:ratelimit:" + c.o.Name + ":" + strconv.FormatInt(window.UnixMilli(), 10) + ":" +
		hex.EncodeToString(m.Sum(nil)[:16])
}

// shared reports whether to ask Redis: always, except for a while after a
// failure.
func (c *RateCounter) shared() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.o.Now().Before(c.downUntil)
}

// failed switches to counting in the process for retryEvery.
func (c *RateCounter) failed(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.downUntil = c.o.Now().Add(retryEvery)
	c.outage.fail(c.o.Log, err)
}

// answered notes that Redis works, after a failure or not.
func (c *RateCounter) answered() { c.outage.answered(c.o.Log) }
