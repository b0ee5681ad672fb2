package memory

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// History is the in-memory video.History of a Videos repository; get it
// from Videos.History. Its entries have a lock of their own; operations
// that read videos take the videos' lock first, always in that order.
type History struct {
	videos  *Videos
	mu      sync.RWMutex
	watched map[id.ID]map[id.ID]time.Time // user → video → last watched
}

var _ video.History = (*History)(nil)

// Touch records the watch, replacing the previous time for that video so
// that a re-watch moves it to the top. Watching an unknown video is
// ErrNotFound, as the SQL stores' foreign key makes it; the videos' read
// lock is held throughout, so a video cannot go in between.
func (h *History) Touch(ctx context.Context, userID, videoID id.ID, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: touch history")
	}
	h.videos.mu.RLock()
	defer h.videos.mu.RUnlock()
	if _, ok := h.videos.byID[videoID]; !ok {
		return video.ErrNotFound
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.watched[userID] == nil {
		h.watched[userID] = make(map[id.ID]time.Time)
	}
	entries := h.watched[userID]
	_, seen := entries[videoID]
	entries[videoID] = msUTC(at)
	if !seen && len(entries) > video.MaxHistory {
		// Only a new entry can push one out, as the SQL stores' trigger.
		delete(entries, oldestEntry(entries))
	}
	return nil
}

// oldestEntry is the entry a full history drops: the least recently
// watched, ties by the smallest video id (the end of List's order).
func oldestEntry(entries map[id.ID]time.Time) id.ID {
	var (
		oldest id.ID
		at     time.Time
	)
	for vid, t := range entries {
		if oldest.IsZero() || t.Before(at) || (t.Equal(at) && vid < oldest) {
			oldest, at = vid, t
		}
	}
	return oldest
}

// Watch checks that the user may see the video, counts the view unless
// the user owns it (RecordView's gate), then touches the entry. The steps
// are not one atomic change as the SQL stores' statement is: a video
// deleted between them makes the touch ErrNotFound, with the view counted
// on a video that is gone.
func (h *History) Watch(ctx context.Context, userID, videoID id.ID, at time.Time, window time.Duration) error {
	v, err := h.videos.ByID(ctx, videoID)
	if err != nil {
		return err
	}
	if !v.VisibleTo(userID) {
		return video.ErrNotFound
	}
	if !v.OwnedBy(userID) {
		if _, _, err := h.videos.RecordView(ctx, videoID, userID, at, window); err != nil {
			return err
		}
	}
	return h.Touch(ctx, userID, videoID, at)
}

// List returns the entries whose video the user may see (published or
// theirs), most recently watched first, ties by video id, newest id first.
func (h *History) List(ctx context.Context, userID id.ID, page, limit int) ([]video.HistoryEntry, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, errs.Wrap(err, "memory: list history")
	}
	limit = clampLimit(limit)
	h.videos.mu.RLock()
	h.mu.RLock()
	entries := make([]video.HistoryEntry, 0, len(h.watched[userID]))
	for vid, at := range h.watched[userID] {
		if s, ok := h.videos.byID[vid]; ok && (s.Published || s.Owner == userID) {
			entries = append(entries, video.HistoryEntry{Video: s.video(), WatchedAt: at})
		}
	}
	h.mu.RUnlock()
	h.videos.mu.RUnlock()
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
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.watched[userID][videoID]; !ok {
		return video.ErrNotInHistory
	}
	delete(h.watched[userID], videoID)
	return nil
}

// Clear deletes every entry of the user and returns how many.
func (h *History) Clear(ctx context.Context, userID id.ID) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: clear history")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	n := len(h.watched[userID])
	delete(h.watched, userID)
	return n, nil
}

// RemoveVideo deletes every user's entry for the video.
func (h *History) RemoveVideo(ctx context.Context, videoID id.ID) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: remove video from history")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, entries := range h.watched {
		if _, ok := entries[videoID]; ok {
			delete(entries, videoID)
			n++
		}
	}
	return n, nil
}

// watchedBy reports whether an entry points at the video. Callers hold the
// videos' lock.
func (h *History) watchedBy(videoID id.ID) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, entries := range h.watched {
		if _, ok := entries[videoID]; ok {
			return true
		}
	}
	return false
}
