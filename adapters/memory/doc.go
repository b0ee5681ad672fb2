// Package memory implements the repository ports with maps guarded by
// mutexes. It backs unit tests and DATABASE_URL=memory:, so it follows the
// same contract as the SQL stores (adapters/storetest checks both): values are
// copied in and out, uniqueness is enforced, and compare-and-set writes are
// atomic.
//
// Each repository is independent and can be built on its own (NewUsers,
// NewCodes, NewSessions, NewVideos, NewTrash), except the watch history,
// which reads the videos of its Videos (as SQL joins them) and which
// Videos.Delete checks (as SQL's foreign key does), the sign-ups, which
// write accounts and codes together, and the social repositories (follows,
// likes, comments, posts, playlists), which belong to a Videos as its
// history does: they point at videos and at each other, and every pointer
// SQL guards with a foreign key is checked here too (a like needs its
// target, a comment its video or post, a playlist entry its video; a video
// with something pointing at it cannot be deleted), and what SQL cascades
// goes too (a comment's likes, a post's likes and comments with theirs).
// They share one lock, taken after the videos' one (see social). New
// bundles one of each for wiring.
//
// Codes, sessions, videos, follows, likes, comments, posts and playlists do
// not check that their user exists: the SQL stores do through a foreign
// key, but the only port that deletes users (a sign-up releasing a stale,
// unverified account) deletes its codes itself, and such an account has
// nothing else.
package memory

import (
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

// Store bundles one repository of each kind, mirroring sqlstore.DB so that
// the composition root can treat both alike.
type Store struct {
	users    *Users
	codes    *Codes
	signups  *Signups
	sessions *Sessions
	videos   *Videos
	history  *History
	trash    *Trash

	follows   *Follows
	likes     *Likes
	comments  *Comments
	posts     *Posts
	playlists *Playlists
}

// New returns an empty Store.
func New() *Store {
	videos := NewVideos()
	users, codes := NewUsers(), NewCodes()
	return &Store{
		users: users, codes: codes, signups: &Signups{users: users, codes: codes}, sessions: NewSessions(),
		videos: videos, history: videos.History(), trash: NewTrash(),
		follows: &Follows{videos.social}, likes: &Likes{videos.social}, comments: &Comments{videos.social},
		posts: &Posts{videos.social}, playlists: &Playlists{videos.social},
	}
}

// Users returns the account repository.
func (s *Store) Users() user.Repository { return s.users }

// Codes returns the one-time code repository.
func (s *Store) Codes() user.Codes { return s.codes }

// Signups returns the store of sign-ups, over Users and Codes.
func (s *Store) Signups() user.Signups { return s.signups }

// Sessions returns the session repository.
func (s *Store) Sessions() session.Repository { return s.sessions }

// Videos returns the video repository.
func (s *Store) Videos() video.Repository { return s.videos }

// History returns the watch history of the videos.
func (s *Store) History() video.History { return s.history }

// Trash returns the media trash.
func (s *Store) Trash() media.Trash { return s.trash }

// Follows returns the follow repository.
func (s *Store) Follows() follow.Repository { return s.follows }

// Likes returns the like repository, which checks the videos, comments and
// posts of this Store.
func (s *Store) Likes() like.Repository { return s.likes }

// Comments returns the comment repository, which checks the videos and
// posts of this Store.
func (s *Store) Comments() comment.Repository { return s.comments }

// Posts returns the community post repository.
func (s *Store) Posts() post.Repository { return s.posts }

// Playlists returns the playlist repository, which reads the videos of
// this Store.
func (s *Store) Playlists() playlist.Repository { return s.playlists }
