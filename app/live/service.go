package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// Authenticator checks an access token and names its caller; it fails
// with an error of kind errs.Unauthorized when the token is no longer
// good (expired, or its session ended).
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (app.Principal, *user.User, error)
}

// Comments are the comment use cases a connection runs.
type Comments interface {
	CheckVideo(ctx context.Context, p app.Principal, videoID id.ID) error
	Since(ctx context.Context, p app.Principal, videoID, after id.ID, limit int) ([]comments.CommentView, error)
	CommentOnVideo(ctx context.Context, p app.Principal, videoID id.ID, content string) (comments.CommentView, error)
}

// Deps are the ports the live core needs.
type Deps struct {
	Auth     Authenticator
	Comments Comments
	Broker   Broker
	Clock    app.Clock
	Log      *slog.Logger
}

// Settings are the limits of connections. Zero fields take the defaults.
type Settings struct {
	// CommentLimit comments may be stored per CommentWindow and
	// connection; refused sends do not count.
	CommentLimit  int
	CommentWindow time.Duration
	// MaxRooms is how many rooms one connection may be in.
	MaxRooms int
	// CatchUp is the most comments a join with since replays, at most
	// DefaultCatchUp.
	CatchUp int
	// SessionCheck is how often a connection checks that its session is
	// still open, so that a revoked one ends within that time.
	SessionCheck time.Duration
}

// The defaults of Settings (live.md).
const (
	DefaultCommentLimit  = 5
	DefaultCommentWindow = 10 * time.Second
	DefaultMaxRooms      = 20
	DefaultCatchUp       = 200
	DefaultSessionCheck  = time.Minute
)

func (s Settings) withDefaults() Settings {
	if s.CommentLimit <= 0 {
		s.CommentLimit = DefaultCommentLimit
	}
	if s.CommentWindow <= 0 {
		s.CommentWindow = DefaultCommentWindow
	}
	if s.MaxRooms <= 0 {
		s.MaxRooms = DefaultMaxRooms
	}
	if s.CatchUp <= 0 || s.CatchUp > DefaultCatchUp {
		s.CatchUp = DefaultCatchUp // MaxBurst counts on it
	}
	if s.SessionCheck <= 0 {
		s.SessionCheck = DefaultSessionCheck
	}
	return s
}

// Service is the live-comment core of one instance: its connections, the
// rooms they are in, and the events that reach them.
type Service struct {
	auth     Authenticator
	comments Comments
	broker   Broker
	clock    app.Clock
	log      *slog.Logger
	set      Settings
	// instance names this process among those sharing the broker, for
	// the viewer counts each of them publishes.
	instance string

	mu      sync.RWMutex
	rooms   map[id.ID]*room
	conns   map[*Conn]struct{}
	closing bool
	// remote are the viewer counts other instances published, by room.
	remote map[id.ID]map[string]remoteCount
	// gone is closed when the last connection closes after Shutdown began.
	gone chan struct{}
}

// New checks the dependencies and returns the service, subscribed to the
// broker. Run keeps the viewer counts going.
func New(d Deps, s Settings) (*Service, error) {
	if d.Auth == nil || d.Comments == nil || d.Broker == nil || d.Clock == nil {
		return nil, errors.New("live: missing dependency")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	svc := &Service{
		auth: d.Auth, comments: d.Comments, broker: d.Broker, clock: d.Clock, log: d.Log,
		set: s.withDefaults(), instance: hex.EncodeToString(b[:]),
		rooms: map[id.ID]*room{}, conns: map[*Conn]struct{}{}, remote: map[id.ID]map[string]remoteCount{},
		gone: make(chan struct{}),
	}
	d.Broker.Subscribe(svc.receive)
	return svc, nil
}

// Added publishes a new comment to its video's room (comments.Events).
func (s *Service) Added(_ context.Context, v comments.CommentView) {
	c := CommentOf(v)
	s.broker.Publish(Event{Kind: NewComment, VideoID: c.VideoID, Comment: c})
}

// Edited publishes an edited comment to its video's room.
func (s *Service) Edited(_ context.Context, v comments.CommentView) {
	c := CommentOf(v)
	s.broker.Publish(Event{Kind: CommentUpdated, VideoID: c.VideoID, Comment: c})
}

// Removed publishes a deleted comment's id to its video's room.
func (s *Service) Removed(_ context.Context, c *comment.Comment) {
	s.broker.Publish(Event{Kind: CommentDeleted, VideoID: c.Parent().ID, Comment: Comment{ID: c.ID(), VideoID: c.Parent().ID}})
}

// Hidden empties a video's room, on every instance, of everyone but its
// owner: the video was unpublished or is being deleted, and its comments
// are no longer anybody else's to see (videos.Events).
func (s *Service) Hidden(_ context.Context, videoID, owner id.ID) {
	s.broker.Publish(Event{Kind: VideoHidden, VideoID: videoID, Owner: owner})
}

// Connections is how many connections are open on this instance.
func (s *Service) Connections() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.conns)
}

// Shutdown ends every connection with EndShutdown, refuses new ones, and
// waits until the adapters have closed them all or ctx ends.
func (s *Service) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		if len(s.conns) == 0 {
			close(s.gone)
		}
	}
	open := make([]*Conn, 0, len(s.conns))
	for c := range s.conns {
		open = append(open, c)
	}
	s.mu.Unlock()
	for _, c := range open {
		c.end(EndShutdown)
	}
	select {
	case <-s.gone:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// compile-time check that the service hears comment changes.
var _ comments.Events = (*Service)(nil)
