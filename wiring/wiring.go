// Package wiring is the composition root: from a Config it opens the store,
// builds the adapters the configuration selects, the core, and the HTTP
// handler. cmd/stagecast runs what it builds; the HTTP tests drive the very
// same handler, so they test the wired system rather than a copy of it.
package wiring

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/ports/http/mid"
)

// ErrConfig marks errors the operator fixes in the configuration.
var ErrConfig = errors.New("configuration")

// Overrides replace adapters that tests need to control. Zero fields keep
// what the configuration selects.
type Overrides struct {
	Clock  app.Clock  // the wall clock when nil
	Mailer app.Mailer // MAIL's adapter when nil
	// DatabaseCheck replaces the store's ping in /health.
	DatabaseCheck func(context.Context) error
	// Media replaces the storage STORAGE selects.
	Media app.MediaStore
	// OnQuery, when set, is called with every statement a SQL store runs and its context;
	// tests count statements with it.
	OnQuery func(ctx context.Context, query string)
	// NoSessionCache reads every request's session from the store, for
	// tests that count statements.
	NoSessionCache bool
}

// System is a built Stagecast.
type System struct {
	// Services are the core, one service per area.
	Services Services
	Handler  http.Handler
	media    *mediaStore
	store    *Store
	clock    app.Clock
	life     *Lifecycle
}

// Close shuts the system down stage by stage (see Stage) and releases the
// store last.
func (s *System) Close() error { return s.life.Close() }

// tempMaxAge is how old a temporary file of the local storage must be to
// be taken for the leftover of a crash: a write in progress touches its
// file at least as often as the minimum upload rate requires.
const tempMaxAge = time.Hour

// ReapTempFiles deletes what writes to local storage left when the process
// died in the middle of them; the other storages keep no such files. It
// runs at start and hourly, and returns how many files it deleted.
func (s *System) ReapTempFiles(ctx context.Context) (int, error) {
	if s.media.reapTemp == nil {
		return 0, nil
	}
	return s.media.reapTemp(ctx, s.clock.Now().Add(-tempMaxAge))
}

// TidySearch merges what writes left in the store's search indexes, so
// that a search reads each index in one piece; only SQLite's need it. It
// runs every SearchTidyEvery, and returns how many steps of merging it
// took.
func (s *System) TidySearch(ctx context.Context) (int, error) {
	if s.store.tidySearch == nil {
		return 0, nil
	}
	return s.store.tidySearch(ctx)
}

// SearchTidyEvery is how often the search indexes are tidied: searches
// read an index as writes left it for this long at most. A tidy that
// finds nothing to merge costs one small read per index.
const SearchTidyEvery = 10 * time.Second

// Build opens the store (applying migrations) and wires everything on it.
func Build(ctx context.Context, cfg config.Config, log *slog.Logger, o Overrides) (*System, error) {
	if o.Clock == nil {
		o.Clock = systemClock
	}
	log = slog.New(mid.WithRequestIDs(log.Handler()))
	// What is opened is closed by the lifecycle, at its stage: on a
	// failure below, closing it releases what was opened so far.
	life := newLifecycle(cfg.HTTP.ShutdownTimeout, log)
	fail := func(err error) (*System, error) {
		_ = life.Close()
		return nil, err
	}
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	life.OnClose(StageStore, "store", st.Close)
	if o.DatabaseCheck != nil {
		st.ping = o.DatabaseCheck
	}
	if o.OnQuery != nil && st.observe != nil {
		st.observe(o.OnQuery)
	}
	secret, err := accessSecret(cfg)
	if err != nil {
		return fail(err)
	}
	ms, err := newMediaStore(cfg, secret, o)
	if err != nil {
		return fail(err)
	}
	rdb, err := openRedis(ctx, cfg, log)
	if err != nil {
		return fail(err)
	}
	life.OnClose(StageStore, "redis", func() error { return closeRedis(rdb) })
	broker := newBroker(cfg, rdb, log)
	life.OnClose(StageBroker, "live broker", broker.Close)
	// A process remembers sessions only where it sees every change to
	// them: alone. REDIS_URL is what instances share, so with it nothing
	// is remembered.
	switch ttl := cfg.Auth.SessionCacheTTL; {
	case ttl <= 0 || o.NoSessionCache:
	case rdb != nil:
		log.Info("sessions are read on every request: REDIS_URL is set, so other instances may change them")
	default:
		st.rememberSessions(o.Clock, ttl)
	}
	svc, err := newServices(cfg, st, ms.store, broker, secret, o, log)
	if err != nil {
		return fail(err)
	}
	// Live connections outlive http.Server.Shutdown, which does not wait
	// for hijacked connections: they are told to close (1001) first,
	// within the shutdown timeout.
	life.OnClose(StageHTTP, "live connections", func() error {
		ctx, cancel := context.WithTimeout(context.Background(), cfg.HTTP.ShutdownTimeout)
		defer cancel()
		return svc.Live.Shutdown(ctx)
	})
	ends, err := newLiveEndpoints(cfg, svc.Live, log)
	if err != nil {
		return fail(err)
	}
	life.OnClose(StageHTTP, "live endpoints", ends.close)
	life.Go("live viewer counts", svc.Live.Run)
	lim := newLimiters(cfg, rdb, secret, log)
	return &System{Services: svc, Handler: newHandler(cfg, svc, st, ms, lim, broker, ends, o.Clock, log), media: ms, store: st, clock: o.Clock, life: life}, nil
}
