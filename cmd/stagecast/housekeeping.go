package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/stagecast/stagecast/app"
)

// How often the background chores run.
const (
	trashEvery   = time.Minute
	sessionEvery = time.Hour
)

// housekeeping runs the background chores until ctx ends: deleting trashed
// media (failed deletions, unclaimed direct uploads) and ended sessions.
func housekeeping(ctx context.Context, a *app.App, log *slog.Logger) {
	trash := time.NewTicker(trashEvery)
	defer trash.Stop()
	sessions := time.NewTicker(sessionEvery)
	defer sessions.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-trash.C:
			if n, err := a.SweepTrash(ctx); err != nil {
				log.Error("sweeping media trash", "err", err)
			} else if n > 0 {
				log.Info("deleted trashed media", "count", n)
			}
		case <-sessions.C:
			if n, err := a.SweepSessions(ctx); err != nil {
				log.Error("sweeping sessions", "err", err)
			} else if n > 0 {
				log.Info("deleted ended sessions", "count", n)
			}
		}
	}
}
