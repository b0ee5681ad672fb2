package memory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// History is the in-memory video.History of a Videos repository; get it
// from Videos.History.
type History struct {
	videos *Videos
}

var _ video.History = (*History)(nil)

// Touch records the watch, replacing the previous time for that video so
// that a re-watch moves it to the top. Watching an unknown video is
// ErrNotFound, as the SQL stores' foreign key makes it.
func (h *History) Touch(ctx context.Context, userID, videoID id.ID, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: touch history")
	}
	r := h.videos
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byID[videoID]; !ok {
		return video.ErrNotFound
	}
	if r.watched[userID] == nil {
		r.watched[userID] = make(map[id.ID]time.Time)
	}
	r.watched[userID][videoID] = msUTC(at)
	return nil
}

// List returns the entries whose video the user may see (published or
// theirs), most recently watched first, ties by video id, newest id first.
func (h *History) List(ctx context.Context, userID id.ID, page, limit int) ([]video.HistoryEntry, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, errs.Wrap(err, "memory: list history")
	}
	limit = clampLimit(limit)
	r := h.videos
	r.mu.RLock()
	entries := make([]video.HistoryEntry, 0, len(r.watched[userID]))
	for vid, at := range r.watched[userID] {
		if s := r.byID[vid]; s.Published || s.Owner == userID {
			entries = append(entries, video.HistoryEntry{Video: s.video(), WatchedAt: at})
		}
	}
	r.mu.RUnlock()
	slices.SortFunc(entries, func(a, b video.HistoryEntry) int {
		if c := b.WatchedAt.Compare(a.WatchedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.Video.ID(), a.Video.ID())
	})
	total := len(entries)
	entries = entries[min(pageOffset(page, limit), total):]
	return entries[:min(len(entries), limit)], total, nil
}

// Remove deletes one entry.
func (h *History) Remove(ctx context.Context, userID, videoID id.ID) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: remove history entry")
	}
	r := h.videos
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.watched[userID][videoID]; !ok {
		return video.ErrNotInHistory
	}
	delete(r.watched[userID], videoID)
	return nil
}

// Clear deletes every entry of the user and returns how many.
func (h *History) Clear(ctx context.Context, userID id.ID) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: clear history")
	}
	r := h.videos
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.watched[userID])
	delete(r.watched, userID)
	return n, nil
}
