package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// HistoryPages reads a page of a watch history together with the owners
// of its videos, all a history page shows beside them: a store that can
// answer both in one read spares a round trip on each visit.
type HistoryPages interface {
	// HistoryWithOwners returns what video.History.List returns for the
	// user's page, and the owner of each entry's video in the entries'
	// order: the owner's account, of which a store may read the public
	// profile only (as Figures.Owner), nil when the account is gone.
	HistoryWithOwners(ctx context.Context, userID id.ID, page, limit int) ([]video.HistoryEntry, []*user.User, int, error)
}

// HistoryPagesOf reads the page and then its owners, for stores that have
// no single read for both.
func HistoryPagesOf(history video.History, users user.Repository) HistoryPages {
	return composedHistory{history: history, users: users}
}

// composedHistory is HistoryPagesOf's reader: two reads, the page's and
// its owners'.
type composedHistory struct {
	history video.History
	users   user.Repository
}

// HistoryWithOwners reads the page, then its owners in one read.
func (c composedHistory) HistoryWithOwners(ctx context.Context, userID id.ID, page, limit int) ([]video.HistoryEntry, []*user.User, int, error) {
	entries, total, err := c.history.List(ctx, userID, page, limit)
	if err != nil {
		return nil, nil, 0, err
	}
	vs := make([]*video.Video, len(entries))
	for i, e := range entries {
		vs[i] = e.Video
	}
	owners, err := OwnersOf(ctx, c.users, vs)
	if err != nil {
		return nil, nil, 0, err
	}
	return entries, owners, total, nil
}
