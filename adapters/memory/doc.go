// Package memory implements the repository ports with maps guarded by
// mutexes. It backs unit tests and DATABASE_URL=memory:, so it follows the
// same contract as the SQL stores (adapters/storetest checks both): values are
// copied in and out, uniqueness is enforced, and compare-and-set writes are
// atomic.
//
// Each repository is independent and can be built on its own (NewUsers,
// NewCodes, NewSessions, NewVideos, NewTrash), except the watch history,
// which reads the videos of its Videos (as SQL joins them) and which
// Videos.Delete checks (as SQL's foreign key does), and the sign-ups, which
// write accounts and codes together; New bundles one of each for wiring.
// Codes, sessions and videos do not check that their user exists: the SQL
// stores do through a foreign key, but the only port that deletes users (a
// sign-up releasing a stale, unverified account) deletes its codes itself,
// and such an account has nothing else.
package memory

import (
	"github.com/stagecast/stagecast/domain/media"
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
}

// New returns an empty Store.
func New() *Store {
	videos := NewVideos()
	users, codes := NewUsers(), NewCodes()
	return &Store{
		users: users, codes: codes, signups: &Signups{users: users, codes: codes}, sessions: NewSessions(),
		videos: videos, history: videos.History(), trash: NewTrash(),
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
