package memory

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/text"
)

// social holds the follows, likes, comments, posts and playlists of one
// Videos under a single lock. They point at each other and at the videos
// the way SQL rows do through foreign keys (a like at a comment, a comment
// under a post, a playlist entry at a video), so each write must check the
// rows it points at, or the rows pointing at it, without another write
// coming between; one lock makes every such check atomic at once.
//
// Lock order: the videos' lock (Videos.mu) comes first, then this one;
// code holding social.mu never takes Videos.mu. Likes.Add, Comments.Create
// and Playlists.AddVideo take the videos' read lock and then this lock, so
// that the video they check cannot be deleted before they write; and
// Videos.Delete takes the videos' write lock and then this read lock to
// look for rows pointing at the video. Both directions go videos → social,
// so no cycle, hence no deadlock, is possible. Comments.Delete, DeleteIDs
// and Posts.Delete take this lock alone: what goes with their targets
// (likes, a post's comments) lives under it, and they read no video. The
// watch history follows the same rule with its own lock, and the two
// second-level locks are never held together.
type social struct {
	videos *Videos

	mu        sync.RWMutex
	follows   map[followPair]follow.Follow
	likes     map[likeKey]time.Time // → liked at
	comments  map[id.ID]comment.Stored
	posts     map[id.ID]post.Stored
	playlists map[id.ID]storedPlaylist
}

type followPair struct{ follower, following id.ID }

type likeKey struct {
	user   id.ID
	target like.Target
}

func newSocial(videos *Videos) *social {
	return &social{
		videos:    videos,
		follows:   make(map[followPair]follow.Follow),
		likes:     make(map[likeKey]time.Time),
		comments:  make(map[id.ID]comment.Stored),
		posts:     make(map[id.ID]post.Stored),
		playlists: make(map[id.ID]storedPlaylist),
	}
}

// videoInUse reports whether a like, a comment or a playlist entry points
// at the video, as SQL's foreign keys would refuse its deletion. Callers
// hold the videos' lock, which comes before this one.
func (s *social) videoInUse(vid id.ID) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.hasLikes(like.Target{Kind: like.OnVideo, ID: vid}) ||
		s.hasComments(comment.Parent{Kind: comment.OnVideo, ID: vid}) ||
		s.inPlaylist(vid)
}

// hasLikes reports whether the target has a like. Callers hold s.mu.
func (s *social) hasLikes(t like.Target) bool {
	for k := range s.likes {
		if k.target == t {
			return true
		}
	}
	return false
}

// hasComments reports whether a comment is under p. Callers hold s.mu.
func (s *social) hasComments(p comment.Parent) bool {
	for _, c := range s.comments {
		if c.Parent == p {
			return true
		}
	}
	return false
}

// dropComment removes the comment with its likes, as SQL's cascade does,
// and reports whether it was stored. Callers hold s.mu for writing, so a
// like cannot come in between.
func (s *social) dropComment(cid id.ID) bool {
	if _, ok := s.comments[cid]; !ok {
		return false
	}
	s.dropLikes(like.Target{Kind: like.OnComment, ID: cid})
	delete(s.comments, cid)
	return true
}

// dropLikes removes the target's likes. Callers hold s.mu for writing.
func (s *social) dropLikes(t like.Target) {
	for k := range s.likes {
		if k.target == t {
			delete(s.likes, k)
		}
	}
}

// inPlaylist reports whether a playlist holds the video. Callers hold s.mu.
func (s *social) inPlaylist(vid id.ID) bool {
	for _, p := range s.playlists {
		if slices.Contains(p.videos, vid) {
			return true
		}
	}
	return false
}

// followedBy returns the users that user follows. It takes this lock on
// its own, so callers must not hold it; Videos.List calls it before taking
// the videos' lock, as a snapshot.
func (s *social) followedBy(user id.ID) map[id.ID]bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[id.ID]bool)
	for p := range s.follows {
		if p.follower == user {
			out[p.following] = true
		}
	}
	return out
}

// comparePositions orders list positions ascending: by time, then id.
func comparePositions(a, b list.Position) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// window sorts items in the list's order (by position, desc or not) and
// returns the page w selects, with the total of the whole list. A position
// to continue after is read at the stores' precision, as it may come from
// any store through a cursor.
func window[T any](items []T, pos func(T) list.Position, desc bool, w list.Window) list.Page[T] {
	dir := 1
	if desc {
		dir = -1
	}
	slices.SortFunc(items, func(a, b T) int { return dir * comparePositions(pos(a), pos(b)) })
	w = w.Normal()
	total := len(items)
	if w.After != nil {
		after := list.Position{At: msUTC(w.After.At), ID: w.After.ID}
		i := slices.IndexFunc(items, func(it T) bool { return dir*comparePositions(pos(it), after) > 0 })
		if i < 0 {
			i = len(items)
		}
		items = items[i:]
	} else {
		items = items[min(w.Offset(), len(items)):]
	}
	page := list.Page[T]{Items: make([]T, 0, min(len(items), w.Limit)), Total: total, More: len(items) > w.Limit}
	page.Items = append(page.Items, items[:min(len(items), w.Limit)]...)
	return page
}

// needleOf returns the lowered search text, and false when it can match
// nothing: NUL and invalid UTF-8 cannot be stored, so SQL finds nothing.
func needleOf(search string) (string, bool) {
	return strings.ToLower(search), text.Storable(search)
}

// checkIDs bounds the ids a call takes at once, as Users.ByIDs and the SQL
// stores do: callers pass the ids of a page or a batch, and a bound keeps a
// bug from turning into an unbounded read.
func checkIDs(ids []id.ID, op string) error {
	if len(ids) > list.MaxIDs {
		return errs.New(errs.Internal, fmt.Sprintf("memory: %s: %d ids, at most %d", op, len(ids), list.MaxIDs))
	}
	return nil
}
