package session

import (
	"crypto/subtle"
	"time"
)

// Rules of refresh-token rotation.
const (
	// ReuseGrace is how long after a rotation the secret rotated out last
	// still refreshes, so that requests racing with one token all succeed
	// instead of logging the user out.
	ReuseGrace = 10 * time.Second
	// MaxRotated bounds the rotated-out secrets a session remembers. Any of
	// them coming back is a replay that revokes the session; an older one is
	// merely unknown. An active client rotates about once per access-token
	// lifetime (15 minutes by default), so 16 reach back at least four hours
	// of continuous use and days of occasional use, long enough for a stolen
	// copy to be caught, while a stored list stays near one kilobyte.
	MaxRotated = 16
)

// Outcome is what a refresh did; zero when it refused and changed nothing.
type Outcome int

// The outcomes of Refresh.
const (
	Rotated Outcome = iota + 1 // the current secret was exchanged
	Graced                     // the secret rotated out last came back within ReuseGrace
	Reused                     // an older secret came back: the session is revoked
)

// Refresh exchanges the refresh secret hashing to presented. next is the
// hash of its successor, which the caller derives from the presented secret,
// so that every request presenting one secret is handed the same successor.
// Refresh decides, and records on s, what happened:
//   - presented is the current secret: Rotated; next becomes current,
//     presented joins the rotated list and the session is extended;
//   - presented was rotated out last, at most ReuseGrace ago, and next is
//     the current secret (the successor that rotation issued): Graced, and s
//     does not change, as the caller only hands out next once more;
//   - presented is any other remembered rotated-out secret, or the last one
//     after the grace: the token was stolen or replayed, so s is revoked and
//     ErrInvalidRefresh is returned with Reused;
//   - anything else, such as a secret this session never issued: s does not
//     change and ErrInvalidRefresh is returned, so that knowing a session's
//     public id is not enough to end it.
//
// Refresh on a revoked or expired session returns ErrInvalidRefresh and
// changes nothing.
func (s *Session) Refresh(presented, next string, now time.Time, ttl time.Duration) (Outcome, error) {
	now = now.UTC()
	if !s.Active(now) {
		return 0, ErrInvalidRefresh
	}
	if equal(presented, s.current) {
		s.rotated = hashList(append(s.rotated, presented))
		s.current, s.rotatedAt = next, now
		s.lastUsedAt, s.expiresAt = now, now.Add(ttl)
		return Rotated, nil
	}
	switch at := s.rotatedIndex(presented); {
	case at < 0:
		return 0, ErrInvalidRefresh
	case at == len(s.rotated)-1 && now.Sub(s.rotatedAt) <= ReuseGrace:
		if !equal(next, s.current) {
			// The successor was derived differently (a changed key): handing
			// it out would give the client a token that does not work.
			return 0, ErrInvalidRefresh
		}
		return Graced, nil
	default:
		s.revokedAt = now
		return Reused, ErrInvalidRefresh
	}
}

// rotatedIndex returns the position of hash in the rotated list, or -1. It
// compares with every entry, in constant time each.
func (s *Session) rotatedIndex(hash string) int {
	at := -1
	for i, h := range s.rotated {
		if equal(hash, h) {
			at = i
		}
	}
	return at
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
