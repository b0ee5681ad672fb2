package session

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const ttl = 30 * 24 * time.Hour

func fresh() *Session {
	return New("0123456789abcdef01234567", "76543210fedcba9876543210", "h1", "ua", t0, ttl)
}

// rotate refreshes with the current secret and fails unless it rotated.
func rotate(t *testing.T, s *Session, presented, next string, now time.Time) {
	t.Helper()
	if out, err := s.Refresh(presented, next, now, ttl); err != nil || out != Rotated {
		t.Fatalf("rotate %s -> %s: %v %v", presented, next, out, err)
	}
}

// unchanged fails if s differs from its earlier stored form.
func unchanged(t *testing.T, s *Session, before Stored, what string) {
	t.Helper()
	if got := s.Stored(); !reflect.DeepEqual(got, before) {
		t.Fatalf("%s changed the session:\n got %+v\nwant %+v", what, got, before)
	}
}

func TestRefreshRotates(t *testing.T) {
	t.Parallel()
	s := fresh()
	rotate(t, s, "h1", "h2", t0.Add(time.Hour))
	if !s.ExpiresAt().Equal(t0.Add(time.Hour+ttl)) || !s.LastUsedAt().Equal(t0.Add(time.Hour)) {
		t.Fatal("rotation must extend the session")
	}
	if st := s.Stored(); st.Current != "h2" || !slices.Equal(st.Rotated, []string{"h1"}) || !st.RotatedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("stored after rotation: %+v", st)
	}
	rotate(t, s, "h2", "h3", t0.Add(2*time.Hour))
	if got := s.Stored().Rotated; !slices.Equal(got, []string{"h1", "h2"}) {
		t.Fatalf("rotated %v", got)
	}
}

func TestRefreshGraceChangesNothing(t *testing.T) {
	t.Parallel()
	s := fresh()
	at := t0.Add(time.Minute)
	rotate(t, s, "h1", "h2", at)
	before := s.Stored()
	// Racing requests with the same token, inside the grace window, are
	// handed the successor the rotation issued.
	for _, d := range []time.Duration{0, time.Second, ReuseGrace} {
		if out, err := s.Refresh("h1", "h2", at.Add(d), ttl); err != nil || out != Graced {
			t.Fatalf("grace after %v: %v %v", d, out, err)
		}
		unchanged(t, s, before, "a graced refresh")
	}
	// A successor that is not the current secret would not work.
	if out, err := s.Refresh("h1", "other", at, ttl); out != 0 || !errors.Is(err, ErrInvalidRefresh) {
		t.Fatalf("graced with a foreign successor: %v %v", out, err)
	}
	unchanged(t, s, before, "a refused graced refresh")
	rotate(t, s, "h2", "h3", at.Add(time.Second))
}

func TestRefreshReuseRevokes(t *testing.T) {
	t.Parallel()
	at := t0.Add(time.Minute)
	for _, tc := range []struct {
		name      string
		presented string
		when      time.Duration // after the last rotation
	}{
		{"last rotated, after the grace", "h2", ReuseGrace + time.Millisecond},
		{"older rotated, within the grace", "h1", 0},
		{"older rotated, much later", "h1", 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := fresh()
			rotate(t, s, "h1", "h2", at)
			rotate(t, s, "h2", "h3", at)
			now := at.Add(tc.when)
			if out, err := s.Refresh(tc.presented, "x", now, ttl); out != Reused || !errors.Is(err, ErrInvalidRefresh) {
				t.Fatalf("reuse: %v %v", out, err)
			}
			if s.Active(now) || !s.RevokedAt().Equal(now) {
				t.Fatal("reuse must revoke the session")
			}
			if _, err := s.Refresh("h3", "h4", now, ttl); !errors.Is(err, ErrInvalidRefresh) {
				t.Fatal("a revoked session must not refresh")
			}
		})
	}
}

func TestRefreshUnknownSecretChangesNothing(t *testing.T) {
	t.Parallel()
	s := fresh()
	check := func(now time.Time) {
		t.Helper()
		before := s.Stored()
		for _, forged := range []string{"forged", "", "h1x"} {
			if out, err := s.Refresh(forged, "next", now, ttl); out != 0 || !errors.Is(err, ErrInvalidRefresh) {
				t.Fatalf("forged %q: %v %v", forged, out, err)
			}
			unchanged(t, s, before, "an unknown secret")
		}
	}
	check(t0)
	rotate(t, s, "h1", "h2", t0.Add(time.Minute))
	check(t0.Add(time.Minute)) // within the grace
	check(t0.Add(time.Hour))   // after it
	rotate(t, s, "h2", "h3", t0.Add(2*time.Hour))
}

func TestRefreshRemembersBoundedRotations(t *testing.T) {
	t.Parallel()
	s := fresh()
	const n = MaxRotated + 24
	cur := "h1"
	for i := range n {
		next := fmt.Sprintf("r%d", i)
		rotate(t, s, cur, next, t0.Add(time.Duration(i)*time.Minute))
		cur = next
	}
	rotated := s.Stored().Rotated
	if len(rotated) != MaxRotated || rotated[len(rotated)-1] != fmt.Sprintf("r%d", n-2) {
		t.Fatalf("rotated list %v", rotated)
	}
	later := t0.Add(time.Duration(n) * time.Hour)
	// The forgotten secrets are unknown, no longer proof of theft.
	before := s.Stored()
	for _, old := range []string{"h1", fmt.Sprintf("r%d", n-MaxRotated-2)} {
		if out, err := s.Refresh(old, "x", later, ttl); out != 0 || !errors.Is(err, ErrInvalidRefresh) {
			t.Fatalf("forgotten %s: %v %v", old, out, err)
		}
		unchanged(t, s, before, "a forgotten secret")
	}
	// The oldest one remembered still revokes.
	if out, _ := s.Refresh(rotated[0], "x", later, ttl); out != Reused {
		t.Fatalf("oldest remembered %s: %v", rotated[0], out)
	}
}

func TestRefreshEndedSession(t *testing.T) {
	t.Parallel()
	expired := fresh()
	revoked := fresh()
	revoked.Revoke(t0.Add(time.Minute))
	for name, tc := range map[string]struct {
		s   *Session
		now time.Time
	}{
		"expired": {expired, t0.Add(ttl)},
		"revoked": {revoked, t0.Add(time.Hour)},
	} {
		before := tc.s.Stored()
		if out, err := tc.s.Refresh("h1", "h2", tc.now, ttl); out != 0 || !errors.Is(err, ErrInvalidRefresh) {
			t.Fatalf("%s session refreshed: %v %v", name, out, err)
		}
		unchanged(t, tc.s, before, "refreshing an "+name+" session")
	}
	if !expired.RevokedAt().IsZero() {
		t.Fatal("an expired session is not revoked, just over")
	}
}

func TestStoredRotatedListIsBoundedAndCopied(t *testing.T) {
	t.Parallel()
	in := []string{""}
	for i := range MaxRotated + 4 {
		in = append(in, fmt.Sprintf("r%d", i), "")
	}
	st := fresh().Stored()
	st.Rotated = in
	s := FromStored(st)
	got := s.Stored().Rotated
	if len(got) != MaxRotated || got[0] != "r4" || got[MaxRotated-1] != fmt.Sprintf("r%d", MaxRotated+3) {
		t.Fatalf("rotated list %v", got)
	}
	in[len(in)-2] = "changed"
	got[0] = "changed"
	if again := s.Stored().Rotated; again[0] != "r4" || again[MaxRotated-1] == "changed" {
		t.Fatalf("the session shares its list: %v", again)
	}
	st.Rotated = []string{"", ""}
	if got := FromStored(st).Stored().Rotated; got != nil {
		t.Fatalf("an empty list must be nil, got %#v", got)
	}
}

func TestRevokeKeepsFirstTime(t *testing.T) {
	t.Parallel()
	s := fresh()
	s.Revoke(t0.Add(time.Minute))
	s.Revoke(t0.Add(time.Hour))
	if !s.RevokedAt().Equal(t0.Add(time.Minute)) {
		t.Fatal("revocation time changed")
	}
}

func TestNewTruncatesUserAgent(t *testing.T) {
	t.Parallel()
	long := make([]byte, 1000)
	for i := range long {
		long[i] = 'a'
	}
	if s := New("0123456789abcdef01234567", "76543210fedcba9876543210", "h", string(long), t0, ttl); len(s.UserAgent()) != MaxUserAgent {
		t.Fatalf("len %d", len(s.UserAgent()))
	}
}
