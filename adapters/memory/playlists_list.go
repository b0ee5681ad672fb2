package memory

import (
	"context"
	"strings"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/video"
)

// Videos returns the playlist's videos viewer may see, in playlist order.
func (r *Playlists) Videos(ctx context.Context, pid, viewer id.ID) ([]*video.Video, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: playlist videos")
	}
	r.s.videos.mu.RLock()
	defer r.s.videos.mu.RUnlock()
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	st, ok := r.s.playlists[pid]
	if !ok {
		return nil, playlist.ErrNotFound
	}
	out := make([]*video.Video, 0, len(st.videos))
	for _, v := range r.visible(st, viewer) {
		out = append(out, v.video())
	}
	return out, nil
}

// VideoIDs returns the ids of the playlist's videos viewer may see, in
// playlist order.
func (r *Playlists) VideoIDs(ctx context.Context, pid, viewer id.ID) ([]id.ID, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: playlist video ids")
	}
	r.s.videos.mu.RLock()
	defer r.s.videos.mu.RUnlock()
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	st, ok := r.s.playlists[pid]
	if !ok {
		return nil, playlist.ErrNotFound
	}
	return videoIDs(r.visible(st, viewer)), nil
}

// List returns a page of summaries, newest first. Search is a literal
// substring of the lowered name and description, as for videos.
func (r *Playlists) List(ctx context.Context, q playlist.Query) (list.Page[playlist.Summary], error) {
	if err := ctx.Err(); err != nil {
		return list.Page[playlist.Summary]{}, errs.Wrap(err, "memory: list playlists")
	}
	needle, ok := needleOf(q.Search)
	if !ok {
		return list.Page[playlist.Summary]{Items: []playlist.Summary{}}, nil
	}
	r.s.videos.mu.RLock()
	defer r.s.videos.mu.RUnlock()
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	var found []storedPlaylist
	for _, st := range r.s.playlists {
		switch {
		case !q.Owner.IsZero() && st.Owner != q.Owner:
		case q.PublishedOnly && !st.Published:
		case !strings.Contains(st.search, needle):
		default:
			found = append(found, st)
		}
	}
	page := window(found, func(st storedPlaylist) list.Position { return list.Position{At: st.CreatedAt, ID: st.ID} }, true, q.Window)
	out := list.Page[playlist.Summary]{Items: make([]playlist.Summary, len(page.Items)), Total: page.Total, More: page.More}
	for i, st := range page.Items {
		visible := r.visible(st, q.Viewer)
		sum := playlist.Summary{Playlist: playlist.FromStored(st.Stored), Videos: len(visible)}
		if len(visible) > 0 {
			sum.Cover = visible[0].Thumbnail
		}
		if q.WithVideoIDs {
			sum.VideoIDs = videoIDs(visible)
		}
		out.Items[i] = sum
	}
	return out, nil
}

// visible returns the playlist's stored videos viewer may see (published,
// or theirs), in playlist order. Callers hold the videos' lock and the
// social lock.
func (r *Playlists) visible(st storedPlaylist, viewer id.ID) []storedVideo {
	out := make([]storedVideo, 0, len(st.videos))
	for _, vid := range st.videos {
		if v, ok := r.s.videos.byID[vid]; ok && (v.Published || (!viewer.IsZero() && v.Owner == viewer)) {
			out = append(out, v)
		}
	}
	return out
}

func videoIDs(vs []storedVideo) []id.ID {
	out := make([]id.ID, len(vs))
	for i, v := range vs {
		out[i] = v.ID
	}
	return out
}
