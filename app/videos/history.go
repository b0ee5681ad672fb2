package videos

import (
	"context"
	"errors"
	"fmt"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
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
func (s *Service) WatchHistory(ctx context.Context, p app.Principal, page, limit int) (HistoryPage, error) {
	limit = min(max(limit, 1), video.MaxLimit)
	page = max(page, 1)
	entries, owners, total, err := s.histories.HistoryWithOwners(ctx, p.UserID, page, limit)
	if err != nil {
		return HistoryPage{}, err
	}
	if len(owners) != len(entries) {
		return HistoryPage{}, errs.New(errs.Internal, fmt.Sprintf("videos: %d owners for %d history entries", len(owners), len(entries)))
	}
	// A history page shows no like figures: Likes and Liked stay zero.
	items := make([]VideoView, len(entries))
	for i, e := range entries {
		items[i] = VideoView{Video: e.Video, Owner: owners[i]}
	}
	return HistoryPage{Items: items, Total: total, Page: page, Limit: limit}, nil
}

// RemoveFromHistory deletes one video from the caller's history. A video
// the caller may no longer see is not in their history for them, so the
// answer does not tell that it still exists.
func (s *Service) RemoveFromHistory(ctx context.Context, p app.Principal, videoID id.ID) error {
	if _, err := s.visibleVideo(ctx, p, videoID); err != nil {
		if errors.Is(err, video.ErrNotFound) {
			return video.ErrNotInHistory
		}
		return err
	}
	return s.history.Remove(ctx, p.UserID, videoID)
}

// ClearHistory empties the caller's history and returns how many entries
// the caller could see in it (hidden ones go too, unannounced).
func (s *Service) ClearHistory(ctx context.Context, p app.Principal) (int, error) {
	_, visible, err := s.history.List(ctx, p.UserID, 1, 1)
	if err != nil {
		return 0, err
	}
	if _, err := s.history.Clear(ctx, p.UserID); err != nil {
		return 0, err
	}
	return visible, nil
}
