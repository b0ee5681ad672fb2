package wiring

import (
	"context"
	"fmt"
	"time"

	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/adapters/sqlstore"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/sessioncache"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Store is the selected database with its repositories.
type Store struct {
	kind      config.StoreKind
	users     user.Repository
	codes     user.Codes
	signups   user.Signups
	sessions  session.Repository
	holders   app.SessionHolders
	records   app.VideoRecords
	figures   app.FigureReader
	pages     app.VideoPages
	histories app.HistoryPages
	liked     app.LikedPages
	videos    video.Repository
	history   video.History
	trash     media.Trash
	social    socialRepos
	ping      func(context.Context) error
	close     func() error
	// tidySearch keeps the search indexes quick to read (SQLite only; see
	// System.TidySearch).
	tidySearch func(context.Context) (int, error)
	// observe reports every statement to a function (SQL stores only).
	observe func(func(ctx context.Context, query string))
}

// socialRepos are the repositories of what users leave on each other's
// content.
type socialRepos struct {
	follows follow.Repository
	// followPages reads follow lists with the accounts they show.
	followPages app.FollowPages
	// commentPages and postPages read pages with their figures.
	commentPages app.CommentPages
	postPages    app.PostPages
	// playlistPages reads a playlist's page with its videos.
	playlistPages app.PlaylistPages
	likes         like.Repository
	comments      comment.Repository
	posts         post.Repository
	playlists     playlist.Repository
}

// Close releases the store.
func (s *Store) Close() error { return s.close() }

// OpenStore opens the store DATABASE_URL selects and brings its schema up
// to date, so a fresh database works on the first start.
func OpenStore(ctx context.Context, cfg config.Config) (*Store, error) {
	switch kind := cfg.StoreKind(); kind {
	case config.StoreMemory:
		m := memory.New()
		return &Store{
			kind: kind, users: m.Users(), codes: m.Codes(), signups: m.Signups(), sessions: m.Sessions(),
			holders: m.SessionHolders(), records: m.VideoRecords(), figures: m.FigureReader(), pages: m.VideoPages(), histories: m.HistoryPages(), liked: m.LikedPages(), videos: m.Videos(), history: m.History(), trash: m.Trash(),
			social: socialRepos{follows: m.Follows(), followPages: m.FollowPages(), commentPages: m.CommentPages(), postPages: m.PostPages(), playlistPages: m.PlaylistPages(), likes: m.Likes(), comments: m.Comments(), posts: m.Posts(), playlists: m.Playlists()},
			ping:   func(context.Context) error { return nil }, close: func() error { return nil },
		}, nil
	case config.StoreSQLite, config.StorePostgres:
		db, err := sqlstore.Open(ctx, cfg.DatabaseURL.Reveal())
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL: %w", err)
		}
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("migrate %s: %w", kind, err)
		}
		return &Store{
			kind: kind, users: db.Users(), codes: db.Codes(), signups: db.Signups(), sessions: db.Sessions(),
			holders: db.SessionHolders(), records: db.VideoRecords(), figures: db.FigureReader(), pages: db.VideoPages(), histories: db.HistoryPages(), liked: db.LikedPages(), videos: db.Videos(), history: db.History(), trash: db.Trash(),
			social: socialRepos{follows: db.Follows(), followPages: db.FollowPages(), commentPages: db.CommentPages(), postPages: db.PostPages(), playlistPages: db.PlaylistPages(), likes: db.Likes(), comments: db.Comments(), posts: db.Posts(), playlists: db.Playlists()},
			ping:   db.Ping, close: db.Close, observe: db.OnQuery, tidySearch: db.TidySearch,
		}, nil
	default:
		return nil, fmt.Errorf("%w: DATABASE_URL: the %s store is not available yet", ErrConfig, kind)
	}
}

// rememberSessions puts a session cache in front of the session holders,
// and has the account, session and sign-up stores forget in it whatever
// they change (see sessioncache).
func (s *Store) rememberSessions(clock app.Clock, ttl time.Duration) {
	c := sessioncache.New(s.holders, clock, ttl, sessioncache.MaxEntries)
	s.holders = c
	s.users = sessioncache.Users(s.users, c)
	s.sessions = sessioncache.Sessions(s.sessions, c)
	s.signups = sessioncache.Signups(s.signups, c)
}
