package redis

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/ports/http/mid"
)

// The limits the tests count under: a day's window, so that a window
// boundary does not fall in the middle of a test in practice (and would
// only carry the counts into the previous window if it did).
const (
	testLimit  = 3
	testWindow = 24 * time.Hour
)

// TestRateCounterSharedByInstances gives two limiters, as two instances of
// the server would have, each its own connection to one Redis: they see
// one count.
func TestRateCounterSharedByInstances(t *testing.T) {
	t.Parallel()
	url := redistest.URL(t)
	name := redistest.Name()
	a, b := open(t, url), open(t, url)
	la := mid.NewLimiter(testLimit, testWindow, a.RateCounter(CounterOptions{Name: name, HashKey: []byte("k"), Log: discard}), discard)
	lb := mid.NewLimiter(testLimit, testWindow, b.RateCounter(CounterOptions{Name: name, HashKey: []byte("k"), Log: discard}), discard)

	for i, l := range []*mid.Limiter{la, lb, la} {
		if w := allow(l, "login|192.0.2.1|ada"); w.Code != http.StatusOK {
			t.Fatalf("request %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	for i, l := range []*mid.Limiter{lb, la} {
		w := allow(l, "login|192.0.2.1|ada")
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
			t.Fatalf("request %d past the limit: %d %v %s", testLimit+i+1, w.Code, w.Header(), w.Body)
		}
	}
	// Another key, and the same key under another limiter's name, count
	// apart.
	if w := allow(lb, "login|192.0.2.1|grace"); w.Code != http.StatusOK {
		t.Fatalf("another key: %d", w.Code)
	}
	other := mid.NewLimiter(testLimit, testWindow, a.RateCounter(CounterOptions{Name: name + "-other", HashKey: []byte("k"), Log: discard}), discard)
	if w := allow(other, "login|192.0.2.1|ada"); w.Code != http.StatusOK {
		t.Fatalf("another limiter: %d", w.Code)
	}
}

// TestRateCounterKeys checks what a count leaves in Redis: a key without
// the limiter's key in clear, which expires once no window reads it.
func TestRateCounterKeys(t *testing.T) {
	t.Parallel()
	c := open(t, redistest.URL(t))
	name := redistest.Name()
	rc := c.RateCounter(CounterOptions{Name: name, HashKey: []byte("k"), Log: discard})
	rc.Config(testLimit, time.Minute)
	win := time.Now().UTC().Truncate(time.Minute)
	if err := rc.IncrementBy("login|192.0.2.1|ada@example.com", win, 2); err != nil {
		t.Fatal(err)
	}
	if err := rc.Increment("login|192.0.2.1|ada@example.com", win); err != nil {
		t.Fatal(err)
	}
	if curr, prev, err := rc.Get("login|192.0.2.1|ada@example.com", win, win.Add(-time.Minute)); err != nil || curr != 3 || prev != 0 {
		t.Fatalf("get: %d %d %v", curr, prev, err)
	}
	ctx := context.Background()
	keys, err := c.rdb.Keys(ctx, "stagecast:ratelimit:"+name+":*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys: %v %v", keys, err)
	}
	if strings.Contains(keys[0], "ada") || strings.Contains(keys[0], "192.0.2.1") {
		t.Errorf("key in clear: %s", keys[0])
	}
	ttl, err := c.rdb.PTTL(ctx, keys[0]).Result()
	if err != nil || ttl <= time.Minute || ttl > 2*time.Minute+expirySlack {
		t.Fatalf("ttl %v %v", ttl, err)
	}
	// The same key hashed under another key is another Redis key.
	rc2 := c.RateCounter(CounterOptions{Name: name, HashKey: []byte("other"), Log: discard})
	rc2.Config(testLimit, time.Minute)
	if curr, _, err := rc2.Get("login|192.0.2.1|ada@example.com", win, win.Add(-time.Minute)); err != nil || curr != 0 {
		t.Fatalf("another hash key sees %d %v", curr, err)
	}
}

// TestRateCounterFallsBackWhileRedisFails cuts the connection to Redis: the
// limiter keeps limiting in the process (429, not 500), tries Redis again
// only after retryEvery, and shares counts again once Redis answers.
func TestRateCounterFallsBackWhileRedisFails(t *testing.T) {
	t.Parallel()
	url := redistest.URL(t)
	sw := &switchDialer{}
	c := dialWith(t, url, sw)
	clock := apptest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	var logs apptest.SyncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	name := redistest.Name()
	l := mid.NewLimiter(testLimit, testWindow, c.RateCounter(CounterOptions{Name: name, HashKey: []byte("k"), Log: log, Now: clock.Now}), discard)
	// A second limiter on the same client: the outage is logged once
	// for both.
	other := mid.NewLimiter(testLimit, testWindow, c.RateCounter(CounterOptions{Name: name + "-other", HashKey: []byte("k"), Log: log, Now: clock.Now}), discard)

	if w := allow(l, "api|192.0.2.1"); w.Code != http.StatusOK {
		t.Fatalf("with Redis: %d", w.Code)
	}
	sw.down.Store(true)
	for i := range testLimit {
		if w := allow(l, "api|192.0.2.1"); w.Code != http.StatusOK {
			t.Fatalf("without Redis, request %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	if w := allow(l, "api|192.0.2.1"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("without Redis, past the limit: %d %s", w.Code, w.Body)
	}
	if w := allow(other, "login|192.0.2.1"); w.Code != http.StatusOK {
		t.Fatalf("the other limiter without Redis: %d %s", w.Code, w.Body)
	}
	if n := strings.Count(logs.String(), "Redis failed"); n != 1 {
		t.Errorf("%d failure records, want 1:\n%s", n, logs.String())
	}
	tries := sw.tries.Load()
	if tries == 0 {
		t.Fatal("the counter never tried Redis while it was down")
	}

	// Within retryEvery, nobody knocks on Redis's door.
	clock.Advance(retryEvery - time.Second)
	allow(l, "api|192.0.2.2")
	if got := sw.tries.Load(); got != tries {
		t.Fatalf("%d attempts to reach Redis within the retry interval", got-tries)
	}

	sw.down.Store(false)
	clock.Advance(time.Second)
	if w := allow(l, "api|192.0.2.3"); w.Code != http.StatusOK {
		t.Fatalf("Redis back: %d", w.Code)
	}
	if !strings.Contains(logs.String(), "Redis answers again") {
		t.Errorf("no record of the recovery:\n%s", logs.String())
	}
	// The request counted before the outage is still in Redis: two more
	// reach the limit.
	for range testLimit - 1 {
		allow(l, "api|192.0.2.1")
	}
	if w := allow(l, "api|192.0.2.1"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("shared count after recovery: %d", w.Code)
	}
}

// TestOpenRefusesAnUnreachableServer checks that Open fails at once on a
// server that does not answer, without the URL's password in its error.
func TestOpenRefusesAnUnreachableServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	for _, u := range []string{"redis://:hunter2@" + addr + "/0", "redis://:hunter2@" + addr + "/0?dial_timeout=x"} {
		c, err := Open(context.Background(), u)
		if err == nil {
			c.Close()
			t.Fatalf("%s: opened", u)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("password in %q", err)
		}
	}
}

var discard = slog.New(slog.DiscardHandler)

func open(t *testing.T, url string) *Client {
	t.Helper()
	c, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// allow runs one request through l under key.
func allow(l *mid.Limiter, key string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	if l.Allow(w, httptest.NewRequest(http.MethodGet, "/", nil), key) {
		w.WriteHeader(http.StatusOK)
	}
	return w
}

// switchDialer connects to Redis while down is false; while it is true,
// dialling fails and open connections fail every read and write.
type switchDialer struct {
	down  atomic.Bool
	tries atomic.Int64 // dials and uses of a connection while down
}

var errDown = errors.New("redis is down (test)")

func (d *switchDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.down.Load() {
		d.tries.Add(1)
		return nil, errDown
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &switchConn{Conn: conn, d: d}, nil
}

type switchConn struct {
	net.Conn
	d *switchDialer
}

func (c *switchConn) Read(b []byte) (int, error) {
	if c.d.down.Load() {
		c.d.tries.Add(1)
		return 0, errDown
	}
	return c.Conn.Read(b)
}

func (c *switchConn) Write(b []byte) (int, error) {
	if c.d.down.Load() {
		c.d.tries.Add(1)
		return 0, errDown
	}
	return c.Conn.Write(b)
}

// dialWith opens a client whose connections go through d, without retries
// so that a failure is one attempt.
func dialWith(t *testing.T, url string, d *switchDialer) *Client {
	t.Helper()
	opts, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	opts.Dialer = d.dial
	opts.MaxRetries = -1
	opts.ContextTimeoutEnabled = true
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	c := &Client{rdb: goredis.NewClient(opts)}
	t.Cleanup(func() { c.Close() })
	return c
}

// A counter built without a logger still falls back when Redis fails: a
// panic there would leave httprate's limiter locked for good.
func TestRateCounterWithoutLoggerFallsBack(t *testing.T) {
	sw := &switchDialer{}
	c := dialWith(t, redistest.URL(t), sw)
	l := mid.NewLimiter(100, time.Hour, c.RateCounter(CounterOptions{Name: redistest.Name(), HashKey: []byte("k")}), discard)
	sw.down.Store(true)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, ip := range []string{"192.0.2.1", "192.0.2.2"} {
			if rec := allow(l, "api|"+ip); rec.Code != http.StatusOK {
				t.Errorf("%s answered %d while Redis was down", ip, rec.Code)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the limiter hangs after a Redis failure")
	}
}
