package memory

import (
	"context"
	"fmt"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/video"
)

// ByIDs returns the videos that exist among ids; missing ones are absent.
// It takes at most list.MaxIDs ids, as Users.ByIDs does.
func (r *Videos) ByIDs(ctx context.Context, ids []id.ID) (map[id.ID]*video.Video, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: videos by ids")
	}
	if len(ids) > list.MaxIDs {
		return nil, errs.New(errs.Internal, fmt.Sprintf("memory: videos by ids: %d ids, at most %d", len(ids), list.MaxIDs))
	}
	out := make(map[id.ID]*video.Video, len(ids))
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, vid := range ids {
		if s, ok := r.byID[vid]; ok {
			out[vid] = s.video()
		}
	}
	return out, nil
}

// Totals counts owner's videos, or the published ones, and sums their
// views.
func (r *Videos) Totals(ctx context.Context, owner id.ID, publishedOnly bool) (video.Totals, error) {
	if err := ctx.Err(); err != nil {
		return video.Totals{}, errs.Wrap(err, "memory: video totals")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	var t video.Totals
	for _, s := range r.byID {
		if s.Owner == owner && (s.Published || !publishedOnly) {
			t.Videos++
			t.Views += s.Views
		}
	}
	return t, nil
}
