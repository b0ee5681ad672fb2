package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// HistoryPage is a page of the caller's watch history.
type HistoryPage struct {
	Items []VideoView
	Total int
	Page  int
	Limit int
}

// WatchHistory lists what the caller watched, most recent first, each
// video once.
func (a *App) WatchHistory(ctx context.Context, p Principal, page, limit int) (HistoryPage, error) {
	limit = min(max(limit, 1), video.MaxLimit)
	page = max(page, 1)
	entries, total, err := a.history.List(ctx, p.UserID, page, limit)
	if err != nil {
		return HistoryPage{}, err
	}
	vs := make([]*video.Video, len(entries))
	for i, e := range entries {
		vs[i] = e.Video
	}
	items, err := a.withOwners(ctx, vs)
	if err != nil {
		return HistoryPage{}, err
	}
	return HistoryPage{Items: items, Total: total, Page: page, Limit: limit}, nil
}

// RemoveFromHistory deletes one video from the caller's history.
func (a *App) RemoveFromHistory(ctx context.Context, p Principal, videoID id.ID) error {
	return a.history.Remove(ctx, p.UserID, videoID)
}

// ClearHistory empties the caller's history.
func (a *App) ClearHistory(ctx context.Context, p Principal) (int, error) {
	return a.history.Clear(ctx, p.UserID)
}
