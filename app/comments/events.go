package comments

import (
	"context"
	"hash/maphash"
	"sync"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
)

// Events hears of the changes to comments under videos, each once it is
// stored and in the order the changes of one video were stored, so that
// live viewers see them as the list will show them. Its methods must not
// block: they run while the video's later changes wait.
type Events interface {
	// Added tells of a new comment.
	Added(ctx context.Context, v CommentView)
	// Edited tells of a comment whose text changed.
	Edited(ctx context.Context, v CommentView)
	// Removed tells of a deleted comment.
	Removed(ctx context.Context, c *comment.Comment)
}

// videoLocks serialize the changes to the comments of one video, from
// the write to the event, within this process; across processes the
// broker keeps each process's order. Videos share a fixed set of locks
// by hash, so that the set stays bounded however many videos there are.
type videoLocks struct {
	seed  maphash.Seed
	once  sync.Once
	locks [64]sync.Mutex
}

// lock locks the video's comments when parent is a video and there are
// events to keep in order, and returns the unlock.
func (s *Service) lock(parent comment.Parent) func() {
	if s.events == nil || parent.Kind != comment.OnVideo {
		return func() {}
	}
	m := s.order.of(parent.ID)
	m.Lock()
	return m.Unlock
}

func (l *videoLocks) of(video id.ID) *sync.Mutex {
	l.once.Do(func() { l.seed = maphash.MakeSeed() })
	return &l.locks[maphash.String(l.seed, video.String())%uint64(len(l.locks))]
}
