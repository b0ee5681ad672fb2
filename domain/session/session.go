// Package session holds sign-in sessions: one per device, each with a
// rotating refresh token of which only hashes are stored.
package session

import (
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
)

// Errors of sessions.
var (
	ErrNotFound = errs.Define(errs.NotFound, "session.not_found", "Session not found")
	// ErrInvalidRefresh covers every refresh token that must not be honoured:
	// unknown, expired, revoked or reused.
	ErrInvalidRefresh = errs.Define(errs.Unauthorized, "session.invalid_refresh", "INVALID_REFRESH_TOKEN")
	// ErrStale means the session changed since it was read; read and retry.
	ErrStale = errs.Define(errs.Conflict, "session.stale", "Session changed concurrently")
)

// Rules of sessions.
const (
	// MaxActive bounds the sessions one user keeps; the oldest go first.
	MaxActive = 50
	// MaxUserAgent bounds the stored User-Agent text.
	MaxUserAgent = 256
)

// Session is one signed-in device.
type Session struct {
	id         id.ID
	userID     id.ID
	current    string   // hash of the current refresh secret
	rotated    []string // hashes of rotated-out secrets, oldest first, at most MaxRotated
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

// LastUsedAt returns when the session last signed in or rotated its token.
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
	ID, UserID id.ID
	Current    string
	// Rotated lists the hashes of rotated-out secrets, oldest first. Hashes
	// are hex, so a store may join them with spaces.
	Rotated               []string
	RotatedAt, CreatedAt  time.Time
	LastUsedAt, ExpiresAt time.Time
	RevokedAt             time.Time
	UserAgent             string
	Version               int64
}

// Stored returns the persisted form of s.
func (s *Session) Stored() Stored {
	return Stored{
		ID: s.id, UserID: s.userID, Current: s.current, Rotated: hashList(s.rotated),
		RotatedAt: s.rotatedAt, CreatedAt: s.createdAt, LastUsedAt: s.lastUsedAt, ExpiresAt: s.expiresAt,
		RevokedAt: s.revokedAt, UserAgent: s.userAgent, Version: s.version,
	}
}

// FromStored rebuilds a Session read from a store. A rotated list longer
// than MaxRotated keeps its newest entries; empty entries are dropped.
func FromStored(st Stored) *Session {
	utc := func(t time.Time) time.Time {
		if t.IsZero() {
			return time.Time{}
		}
		return t.UTC()
	}
	return &Session{
		id: st.ID, userID: st.UserID, current: st.Current, rotated: hashList(st.Rotated),
		rotatedAt: utc(st.RotatedAt), createdAt: utc(st.CreatedAt), lastUsedAt: utc(st.LastUsedAt),
		expiresAt: utc(st.ExpiresAt), revokedAt: utc(st.RevokedAt), userAgent: st.UserAgent, version: st.Version,
	}
}

// hashList copies the newest MaxRotated non-empty hashes of list, so that a
// Session never shares its list with a caller; none is nil, so that equal
// sessions have equal Stored forms.
func hashList(list []string) []string {
	var out []string
	for _, h := range list {
		if h != "" {
			out = append(out, h)
		}
	}
	if len(out) > MaxRotated {
		out = out[len(out)-MaxRotated:]
	}
	return out
}

// MarkSaved records that a store wrote s, advancing its version as the store did.
func (s *Session) MarkSaved() { s.version++ }
