// Package memory implements the repository ports with maps guarded by
// mutexes. It backs unit tests and DATABASE_URL=memory:, so it follows the
// same contract as the SQL stores (adapters/storetest checks both): values are
// copied in and out, uniqueness is enforced, and compare-and-set writes are
// atomic.
//
// Each repository is independent and can be built on its own (NewUsers,
// NewCodes, NewSessions); New bundles one of each for wiring. Codes does not
// check that its user exists: the SQL stores do through a foreign key, but
// no port deletes users, so the cascade cannot be observed here.
package memory

import (
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// Store bundles one repository of each kind, mirroring sqlstore.DB so that
// the composition root can treat both alike.
type Store struct {
	users    *Users
	codes    *Codes
	sessions *Sessions
}

// New returns an empty Store.
func New() *Store {
	return &Store{users: NewUsers(), codes: NewCodes(), sessions: NewSessions()}
}

// Users returns the account repository.
func (s *Store) Users() user.Repository { return s.users }

// Codes returns the one-time code repository.
func (s *Store) Codes() user.Codes { return s.codes }

// Sessions returns the session repository.
func (s *Store) Sessions() session.Repository { return s.sessions }
