package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
)

// Playlists is the in-memory playlist.Repository of a Store; get it from
// Store.Playlists. Its entries point at the videos of the same Store, which
// cannot be deleted while a playlist holds them, as SQL's foreign key
// makes it.
type Playlists struct{ s *social }

// storedPlaylist is a playlist with its lowered search text and its videos
// in the order they were added. The slice is replaced, never changed in
// place, so a copy of the struct never shares a changing array.
type storedPlaylist struct {
	playlist.Stored
	search string
	videos []id.ID
}

var _ playlist.Repository = (*Playlists)(nil)

// Create stores p without videos.
func (r *Playlists) Create(ctx context.Context, p *playlist.Playlist) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: create playlist")
	}
	st := toStoredPlaylist(p)
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.playlists[st.ID]; ok {
		return errs.New(errs.Internal, "memory: duplicate playlist id "+st.ID.String())
	}
	r.s.playlists[st.ID] = st
	return nil
}

// ByID returns the playlist.
func (r *Playlists) ByID(ctx context.Context, pid id.ID) (*playlist.Playlist, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: playlist by id")
	}
	r.s.mu.RLock()
	defer r.s.mu.RUnlock()
	st, ok := r.s.playlists[pid]
	if !ok {
		return nil, playlist.ErrNotFound
	}
	return playlist.FromStored(st.Stored), nil
}

// Update runs change on a copy under the write lock and writes back the
// name, description, publish state and updated time, as in SQL.
func (r *Playlists) Update(ctx context.Context, pid id.ID, change func(*playlist.Playlist) error) (*playlist.Playlist, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: update playlist")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	st, ok := r.s.playlists[pid]
	if !ok {
		return nil, playlist.ErrNotFound
	}
	p := playlist.FromStored(st.Stored)
	if err := change(p); err != nil {
		return nil, err
	}
	in := toStoredPlaylist(p)
	st.Name, st.Description, st.search = in.Name, in.Description, in.search
	st.Published, st.UpdatedAt = in.Published, in.UpdatedAt
	r.s.playlists[pid] = st
	return playlist.FromStored(st.Stored), nil
}

// Delete removes the playlist and its entries.
func (r *Playlists) Delete(ctx context.Context, pid id.ID) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: delete playlist")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.playlists[pid]; !ok {
		return playlist.ErrNotFound
	}
	delete(r.s.playlists, pid)
	return nil
}

// AddVideo appends the video under the videos' read lock and the write
// lock (lock order: see social), so the video cannot be deleted between
// the check and the write. Adding a video the playlist holds writes
// nothing, not even the updated time, and is never ErrFull: the call is
// idempotent.
func (r *Playlists) AddVideo(ctx context.Context, pid, vid id.ID, at time.Time, check func(*playlist.Playlist) error) (*playlist.Playlist, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: add video to playlist")
	}
	r.s.videos.mu.RLock()
	defer r.s.videos.mu.RUnlock()
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	st, ok := r.s.playlists[pid]
	if !ok {
		return nil, playlist.ErrNotFound
	}
	if err := check(playlist.FromStored(st.Stored)); err != nil {
		return nil, err
	}
	if slices.Contains(st.videos, vid) {
		return playlist.FromStored(st.Stored), nil
	}
	if _, ok := r.s.videos.byID[vid]; !ok {
		return nil, playlist.ErrVideoGone
	}
	if len(st.videos) >= playlist.MaxVideos {
		return nil, playlist.ErrFull
	}
	st.videos = append(slices.Clip(st.videos), vid)
	st.UpdatedAt = msUTC(at)
	r.s.playlists[pid] = st
	return playlist.FromStored(st.Stored), nil
}

// RemoveVideo takes the video out under the write lock. Removing a video
// the playlist does not hold writes nothing, not even the updated time.
func (r *Playlists) RemoveVideo(ctx context.Context, pid, vid id.ID, at time.Time, check func(*playlist.Playlist) error) (*playlist.Playlist, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: remove video from playlist")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	st, ok := r.s.playlists[pid]
	if !ok {
		return nil, playlist.ErrNotFound
	}
	if err := check(playlist.FromStored(st.Stored)); err != nil {
		return nil, err
	}
	if i := slices.Index(st.videos, vid); i >= 0 {
		st.videos = slices.Delete(slices.Clone(st.videos), i, i+1)
		st.UpdatedAt = msUTC(at)
		r.s.playlists[pid] = st
	}
	return playlist.FromStored(st.Stored), nil
}

// RemoveVideoEverywhere takes the video out of every playlist, leaving
// their updated times alone: the owners did not change them.
func (r *Playlists) RemoveVideoEverywhere(ctx context.Context, vid id.ID) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory: remove video from playlists")
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	n := 0
	for pid, st := range r.s.playlists {
		if i := slices.Index(st.videos, vid); i >= 0 {
			st.videos = slices.Delete(slices.Clone(st.videos), i, i+1)
			r.s.playlists[pid] = st
			n++
		}
	}
	return n, nil
}

// toStoredPlaylist copies p's persisted form at the stores' precision.
func toStoredPlaylist(p *playlist.Playlist) storedPlaylist {
	st := p.Stored()
	st.CreatedAt, st.UpdatedAt = msUTC(st.CreatedAt), msUTC(st.UpdatedAt)
	return storedPlaylist{Stored: st, search: strings.ToLower(st.Name + "\n" + st.Description)}
}
