package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/stagecast/stagecast/wiring"
)

// trashEvery is how often the media trash is swept; the other chores run
// hourly.
const trashEvery = time.Minute

// housekeeping runs the background chores until ctx ends: deleting trashed
// media (failed deletions, unclaimed uploads), ended sessions, and the
// temporary files of local writes a crash cut short (at start, and hourly
// for those too young to be taken for leftovers at start); and merging
// what writes left in the search indexes (at start and every
// wiring.SearchTidyEvery).
func housekeeping(ctx context.Context, sys *wiring.System, log *slog.Logger) {
	reapTemp := func() {
		if n, err := sys.ReapTempFiles(ctx); err != nil {
			log.Error("reaping temporary media files", "err", err)
		} else if n > 0 {
			log.Info("deleted temporary media files left by a crash", "count", n)
		}
	}
	tidySearch := func() {
		n, err := sys.TidySearch(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			// Shutting down: the step under way rolled back.
		case err != nil:
			log.Error("tidying the search indexes", "err", err)
		case n > 0:
			log.Debug("merged the search indexes", "steps", n)
		}
	}
	reapTemp()
	tidySearch()
	search := time.NewTicker(wiring.SearchTidyEvery)
	defer search.Stop()
	trash := time.NewTicker(trashEvery)
	defer trash.Stop()
	hourly := time.NewTicker(time.Hour)
	defer hourly.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-search.C:
			tidySearch()
		case <-trash.C:
			if n, err := sys.Services.Uploads.SweepTrash(ctx); err != nil {
				log.Error("sweeping media trash", "err", err)
			} else if n > 0 {
				log.Info("deleted trashed media", "count", n)
			}
		case <-hourly.C:
			if n, err := sys.Services.Accounts.SweepSessions(ctx); err != nil {
				log.Error("sweeping sessions", "err", err)
			} else if n > 0 {
				log.Info("deleted ended sessions", "count", n)
			}
			reapTemp()
		}
	}
}
