package session

import (
	"errors"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const ttl = 30 * 24 * time.Hour

func fresh() *Session {
	return New("0123456789abcdef01234567", "76543210fedcba9876543210", "h1", "ua", t0, ttl)
}

func TestRefreshRotates(t *testing.T) {
	s := fresh()
	out, err := s.Refresh("h1", "h2", t0.Add(time.Hour), ttl)
	if err != nil || out != Rotated {
		t.Fatalf("got %v %v", out, err)
	}
	if !s.ExpiresAt().Equal(t0.Add(time.Hour + ttl)) {
		t.Fatal("rotation must extend the session")
	}
	if out, err := s.Refresh("h2", "h3", t0.Add(2*time.Hour), ttl); err != nil || out != Rotated {
		t.Fatalf("second rotation: %v %v", out, err)
	}
}

func TestRefreshGraceThenReuse(t *testing.T) {
	s := fresh()
	at := t0.Add(time.Minute)
	s.Refresh("h1", "h2", at, ttl)
	// A racing request with the same token, inside the grace window.
	if out, err := s.Refresh("h1", "h2b", at.Add(ReuseGrace), ttl); err != nil || out != Graced {
		t.Fatalf("grace: %v %v", out, err)
	}
	// Both successors are current: either may rotate next.
	c := FromStored(s.Stored())
	if out, err := c.Refresh("h2", "h3", at.Add(ReuseGrace+time.Second), ttl); err != nil || out != Rotated {
		t.Fatalf("first successor: %v %v", out, err)
	}
	if out, err := s.Refresh("h2b", "h3", at.Add(ReuseGrace+time.Second), ttl); err != nil || out != Rotated {
		t.Fatalf("second successor: %v %v", out, err)
	}
	// The original token beyond the grace is a replay: the session ends.
	if out, err := s.Refresh("h1", "h4", at.Add(time.Hour), ttl); !errors.Is(err, ErrInvalidRefresh) || out != Reused {
		t.Fatalf("reuse: %v %v", out, err)
	}
	if s.Active(at.Add(time.Hour)) {
		t.Fatal("reuse must revoke the session")
	}
	if _, err := s.Refresh("h3", "h5", at.Add(time.Hour), ttl); !errors.Is(err, ErrInvalidRefresh) {
		t.Fatal("a revoked session must not refresh")
	}
}

func TestRefreshUnknownTokenRevokes(t *testing.T) {
	s := fresh()
	if out, err := s.Refresh("forged", "h2", t0, ttl); out != Reused || !errors.Is(err, ErrInvalidRefresh) {
		t.Fatalf("got %v %v", out, err)
	}
}

func TestRefreshExpired(t *testing.T) {
	s := fresh()
	if _, err := s.Refresh("h1", "h2", t0.Add(ttl), ttl); !errors.Is(err, ErrInvalidRefresh) {
		t.Fatalf("expired session refreshed: %v", err)
	}
	if !s.RevokedAt().IsZero() {
		t.Fatal("an expired session is not revoked, just over")
	}
}

func TestRevokeKeepsFirstTime(t *testing.T) {
	s := fresh()
	s.Revoke(t0.Add(time.Minute))
	s.Revoke(t0.Add(time.Hour))
	if !s.RevokedAt().Equal(t0.Add(time.Minute)) {
		t.Fatal("revocation time changed")
	}
}

func TestNewTruncatesUserAgent(t *testing.T) {
	long := make([]byte, 1000)
	for i := range long {
		long[i] = 'a'
	}
	if s := New("0123456789abcdef01234567", "76543210fedcba9876543210", "h", string(long), t0, ttl); len(s.UserAgent()) != MaxUserAgent {
		t.Fatalf("len %d", len(s.UserAgent()))
	}
}
