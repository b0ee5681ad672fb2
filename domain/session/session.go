// Package session holds sign-in sessions: one per device, each with a
// rotating refresh token of which only hashes are stored.
package session

import (
	"crypto/subtle"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
)

// Errors of sessions.
var (
	ErrNotFound = errs.New(errs.NotFound, "Session not found")
	// ErrInvalidRefresh covers every refresh token that must not be honoured:
	// unknown, expired, revoked or reused.
	ErrInvalidRefresh = errs.New(errs.Unauthorized, "INVALID_REFRESH_TOKEN")
	// ErrStale means the session changed since it was read; read and retry.
	ErrStale = errs.New(errs.Conflict, "Session changed concurrently")
)

// Rules of sessions.
const (
	// ReuseGrace is how long after a rotation the rotated-out token still
	// rotates once more, so that two requests racing with one token both
	// succeed instead of logging the user out.
	ReuseGrace = 10 * time.Second
	// MaxActive bounds the sessions one user keeps; the oldest go first.
	MaxActive = 50
	// MaxUserAgent bounds the stored User-Agent text.
	MaxUserAgent = 256
)

// Outcome is what a refresh did.
type Outcome int

// The outcomes of Refresh.
const (
	Rotated Outcome = iota + 1 // the current token was exchanged
	Graced                     // the just-rotated token was exchanged within ReuseGrace
	Reused                     // an old token came back: the session is revoked
)

// Session is one signed-in device.
type Session struct {
	id         id.ID
	userID     id.ID
	current    string // hash of the current refresh secret
	alternate  string // hash of a secret issued in the grace window, also current
	previous   string // hash of the secret rotated out last
	rotatedAt  time.Time
	createdAt  time.Time
	lastUsedAt time.Time
	expiresAt  time.Time
	userAgent  string
	revokedAt  time.Time
	version    int64
}

// New starts a session whose refresh secret hashes to refreshHash.
func New(sid, userID id.ID, refreshHash, userAgent string, now time.Time, ttl time.Duration) *Session {
	now = now.UTC()
	if len(userAgent) > MaxUserAgent {
		userAgent = userAgent[:MaxUserAgent]
	}
	return &Session{
		id: sid, userID: userID, current: refreshHash, createdAt: now, lastUsedAt: now,
		expiresAt: now.Add(ttl), userAgent: userAgent,
	}
}

// Refresh exchanges the refresh secret hashing to presented for the one
// hashing to next. It decides, and records on s, what happened:
//   - the current secret: Rotated, and the old one is remembered;
//   - the secret rotated out less than ReuseGrace ago: Graced, next becomes a
//     second current secret;
//   - anything else: the token was stolen or replayed, so s is revoked and
//     ErrInvalidRefresh is returned with Reused.
//
// Refresh on a revoked or expired session returns ErrInvalidRefresh.
func (s *Session) Refresh(presented, next string, now time.Time, ttl time.Duration) (Outcome, error) {
	now = now.UTC()
	if !s.Active(now) {
		return 0, ErrInvalidRefresh
	}
	switch {
	case equal(presented, s.current) || (s.alternate != "" && equal(presented, s.alternate)):
		s.previous, s.current, s.alternate = presented, next, ""
		s.rotatedAt = now
		s.lastUsedAt, s.expiresAt = now, now.Add(ttl)
		return Rotated, nil
	case s.previous != "" && equal(presented, s.previous) && now.Sub(s.rotatedAt) <= ReuseGrace:
		s.alternate = next
		s.lastUsedAt = now
		return Graced, nil
	default:
		s.revokedAt = now
		return Reused, ErrInvalidRefresh
	}
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// Revoke ends the session.
func (s *Session) Revoke(now time.Time) {
	if s.revokedAt.IsZero() {
		s.revokedAt = now.UTC()
	}
}

// Active reports whether the session can still be used at now.
func (s *Session) Active(now time.Time) bool {
	return s.revokedAt.IsZero() && now.Before(s.expiresAt)
}

// ID returns the session id.
func (s *Session) ID() id.ID { return s.id }

// UserID returns the owner.
func (s *Session) UserID() id.ID { return s.userID }

// CreatedAt returns when the session signed in.
func (s *Session) CreatedAt() time.Time { return s.createdAt }

// LastUsedAt returns when the session last signed in or refreshed.
func (s *Session) LastUsedAt() time.Time { return s.lastUsedAt }

// ExpiresAt returns when the refresh token stops working.
func (s *Session) ExpiresAt() time.Time { return s.expiresAt }

// UserAgent returns the device's User-Agent at sign-in.
func (s *Session) UserAgent() string { return s.userAgent }

// RevokedAt returns when the session ended, or zero.
func (s *Session) RevokedAt() time.Time { return s.revokedAt }

// Version is the optimistic-concurrency counter a store compares on update.
func (s *Session) Version() int64 { return s.version }

// Stored is the persisted form of a Session, for repositories.
type Stored struct {
	ID, UserID                   id.ID
	Current, Alternate, Previous string
	RotatedAt, CreatedAt         time.Time
	LastUsedAt, ExpiresAt        time.Time
	RevokedAt                    time.Time
	UserAgent                    string
	Version                      int64
}

// Stored returns the persisted form of s.
func (s *Session) Stored() Stored {
	return Stored{
		ID: s.id, UserID: s.userID, Current: s.current, Alternate: s.alternate, Previous: s.previous,
		RotatedAt: s.rotatedAt, CreatedAt: s.createdAt, LastUsedAt: s.lastUsedAt, ExpiresAt: s.expiresAt,
		RevokedAt: s.revokedAt, UserAgent: s.userAgent, Version: s.version,
	}
}

// FromStored rebuilds a Session read from a store.
func FromStored(st Stored) *Session {
	utc := func(t time.Time) time.Time {
		if t.IsZero() {
			return time.Time{}
		}
		return t.UTC()
	}
	return &Session{
		id: st.ID, userID: st.UserID, current: st.Current, alternate: st.Alternate, previous: st.Previous,
		rotatedAt: utc(st.RotatedAt), createdAt: utc(st.CreatedAt), lastUsedAt: utc(st.LastUsedAt),
		expiresAt: utc(st.ExpiresAt), revokedAt: utc(st.RevokedAt), userAgent: st.UserAgent, version: st.Version,
	}
}

// MarkSaved records that a store wrote s, advancing its version as the store did.
func (s *Session) MarkSaved() { s.version++ }
