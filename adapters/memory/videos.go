package memory

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// Videos is an in-memory video.Repository. Deleting a video takes its
// counted views along, and is refused while its History still has an entry
// for it, or a like, a comment or a playlist entry points at it (its
// social repositories), as the SQL foreign keys do. The zero value is not
// usable; call NewVideos.
//
// Instants are kept at millisecond precision, as the SQL stores keep them:
// list positions compare instants, and a position that went through a
// cursor, or a video read back from SQL, must place the same in every store.
type Videos struct {
	mu     sync.RWMutex
	byID   map[id.ID]storedVideo
	viewed map[id.ID]map[id.ID]time.Time // video → viewer → last counted view
	// history is the watch history of these videos, which Delete checks
	// as SQL's foreign key does.
	history *History
	// social holds the follows, likes, comments, posts and playlists that
	// point at these videos (Delete checks them) and that the subscription
	// feed reads; its lock comes after mu (see social).
	social *social
}

// storedVideo is a video with its lowered search text, computed on write as
// the SQL stores do.
type storedVideo struct {
	video.Stored
	search string
}

var _ video.Repository = (*Videos)(nil)

// NewVideos returns an empty video repository. Like Codes, it does not
// check that owners exist: no port deletes accounts.
func NewVideos() *Videos {
	r := &Videos{
		byID:   make(map[id.ID]storedVideo),
		viewed: make(map[id.ID]map[id.ID]time.Time),
	}
	r.history = &History{videos: r, watched: make(map[id.ID]map[id.ID]time.Time)}
	r.social = newSocial(r)
	return r
}

// History returns the watch history of these videos.
func (r *Videos) History() *History { return r.history }

// Create inserts v as it is, view count included.
func (r *Videos) Create(ctx context.Context, v *video.Video) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: create video")
	}
	s := toStoredVideo(v)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byID[s.ID]; ok {
		return errs.New(errs.Internal, "memory: duplicate video id "+s.ID.String())
	}
	r.byID[s.ID] = s
	return nil
}

// ByID returns the video.
func (r *Videos) ByID(ctx context.Context, vid id.ID) (*video.Video, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: video by id")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	s, ok := r.byID[vid]
	if !ok {
		return nil, video.ErrNotFound
	}
	return s.video(), nil
}

// Update runs change on a copy of the stored video and writes back its
// mutable fields, under the write lock; views counted meanwhile cannot
// happen, as RecordView takes the same lock.
func (r *Videos) Update(ctx context.Context, vid id.ID, change func(*video.Video) error) (*video.Video, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: update video")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.byID[vid]
	if !ok {
		return nil, video.ErrNotFound
	}
	v := s.video()
	if err := change(v); err != nil {
		return nil, err
	}
	in := toStoredVideo(v)
	s.Title, s.Description, s.search = in.Title, in.Description, in.search
	s.Thumbnail, s.Published, s.UpdatedAt = in.Thumbnail, in.Published, in.UpdatedAt
	r.byID[vid] = s
	return s.video(), nil
}

// Delete removes the video and its counted views under the lock, unless a
// history entry, a like, a comment or a playlist entry still points at it
// (ErrInUse), as SQL's foreign keys refuse. The write lock keeps those
// from being added meanwhile, since they take the read lock to check the
// video.
func (r *Videos) Delete(ctx context.Context, vid id.ID) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: delete video")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byID[vid]; !ok {
		return video.ErrNotFound
	}
	if r.history.watchedBy(vid) || r.social.videoInUse(vid) {
		return video.ErrInUse
	}
	delete(r.byID, vid)
	delete(r.viewed, vid)
	return nil
}

// UsesMedia scans the videos for the key; the memory store is small.
func (r *Videos) UsesMedia(ctx context.Context, key string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: video media in use")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, v := range r.byID {
		if key != "" && (v.File.Key == key || v.Thumbnail.Key == key) {
			return true, nil
		}
	}
	return false, nil
}

// RecordView counts the view unless the viewer's last counted view is less
// than window old; the check and the count happen under one lock. As in
// SQL, a view that is not counted does not move the window, and counting
// leaves the update time alone (a view is not an edit).
func (r *Videos) RecordView(ctx context.Context, videoID, viewer id.ID, at time.Time, window time.Duration) (bool, int64, error) {
	if err := ctx.Err(); err != nil {
		return false, 0, errs.Wrap(err, "memory: record view")
	}
	// Rounded as the SQL stores round each of the two instants.
	threshold, at := msUTC(at.Add(-window)), msUTC(at)
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.byID[videoID]
	if !ok {
		return false, 0, video.ErrNotFound
	}
	last, seen := r.viewed[videoID][viewer]
	if seen && last.After(threshold) {
		return false, s.Views, nil
	}
	if r.viewed[videoID] == nil {
		r.viewed[videoID] = make(map[id.ID]time.Time)
	}
	r.viewed[videoID][viewer] = at
	s.Views++
	r.byID[videoID] = s
	return true, s.Views, nil
}

// toStoredVideo copies v's persisted form, detaching the description and
// rounding instants to the stores' precision.
func toStoredVideo(v *video.Video) storedVideo {
	s := v.Stored()
	s.Description = copyString(s.Description)
	s.CreatedAt, s.UpdatedAt = msUTC(s.CreatedAt), msUTC(s.UpdatedAt)
	return storedVideo{Stored: s, search: searchText(s.Title, s.Description)}
}

func (s storedVideo) video() *video.Video {
	st := s.Stored
	st.Description = copyString(st.Description)
	return video.FromStored(st)
}

// searchText is what Search matches, built exactly as sqlstore builds its
// search_text column, so both stores find the same videos.
func searchText(title string, description *string) string {
	d := ""
	if description != nil {
		d = *description
	}
	return strings.ToLower(title + "\n" + d)
}

func copyString(p *string) *string {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// msUTC is t in UTC at millisecond precision, the precision of the SQL
// stores.
func msUTC(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Millisecond)
}
