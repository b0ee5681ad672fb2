package storetest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// ttl is the refresh lifetime the session tests use.
const ttl = 30 * 24 * time.Hour

// TestSessions checks a session.Repository. newRepos returns empty
// repositories each time it is called; sessions belong to stored accounts.
func TestSessions(t *testing.T, newRepos func(t *testing.T) (user.Repository, session.Repository)) {
	t.Run("CreateAndGetEveryField", func(t *testing.T) {
		users, sessions := newRepos(t)
		u := mustCreateUser(t, users, 1)
		full := session.FromStored(session.Stored{
			ID: testID(100), UserID: u.ID(), Current: hash(1), Rotated: []string{hash(2), hash(3), hash(4)},
			RotatedAt: at(time.Second), CreatedAt: at(0), LastUsedAt: at(2 * time.Second),
			ExpiresAt: at(ttl), RevokedAt: at(3 * time.Second), UserAgent: "Mozilla/5.0 'quoted' ✓", Version: 7,
		})
		fresh := session.New(testID(101), u.ID(), "only-current", "", at(0), ttl)
		for _, s := range []*session.Session{full, fresh} {
			mustNil(t, sessions.Create(t.Context(), s), "Create")
		}
		for _, s := range []*session.Session{full, fresh} {
			got, err := sessions.ByID(t.Context(), s.ID())
			mustNil(t, err, "ByID")
			wantSameSession(t, got, s, "ByID "+s.ID().String())
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		_, sessions := newRepos(t)
		_, err := sessions.ByID(t.Context(), testID(1))
		wantIs(t, err, session.ErrNotFound, "ByID")
	})

	t.Run("UpdateWritesAndAdvancesVersion", func(t *testing.T) {
		users, sessions := newRepos(t)
		u := mustCreateUser(t, users, 1)
		mustNil(t, sessions.Create(t.Context(), session.New(testID(100), u.ID(), "h0", "ua", at(0), ttl)), "Create")
		s, err := sessions.ByID(t.Context(), testID(100))
		mustNil(t, err, "ByID")
		if _, err := s.Refresh("h0", "h1", at(time.Minute), ttl); err != nil {
			t.Fatalf("Refresh: %v", err)
		}
		mustNil(t, sessions.Update(t.Context(), s), "Update")
		if s.Version() != 1 {
			t.Fatalf("Version after Update = %d, want 1", s.Version())
		}
		got, err := sessions.ByID(t.Context(), s.ID())
		mustNil(t, err, "ByID")
		wantSameSession(t, got, s, "after Update")

		if _, err := s.Refresh("h1", "h2", at(time.Hour), ttl); err != nil {
			t.Fatalf("second Refresh: %v", err)
		}
		mustNil(t, sessions.Update(t.Context(), s), "second Update")
		got, err = sessions.ByID(t.Context(), s.ID())
		mustNil(t, err, "ByID")
		wantSameSession(t, got, s, "after second Update")
		if got.Version() != 2 || !slices.Equal(got.Stored().Rotated, []string{"h0", "h1"}) {
			t.Fatalf("stored Version = %d, rotated %v; want 2, [h0 h1]", got.Version(), got.Stored().Rotated)
		}
	})

	t.Run("UpdateStale", func(t *testing.T) {
		users, sessions := newRepos(t)
		u := mustCreateUser(t, users, 1)
		mustNil(t, sessions.Create(t.Context(), session.New(testID(100), u.ID(), "h0", "", at(0), ttl)), "Create")
		a, err := sessions.ByID(t.Context(), testID(100))
		mustNil(t, err, "ByID a")
		b, err := sessions.ByID(t.Context(), testID(100))
		mustNil(t, err, "ByID b")
		_, _ = a.Refresh("h0", "from-a", at(time.Second), ttl)
		_, _ = b.Refresh("h0", "from-b", at(time.Second), ttl)
		mustNil(t, sessions.Update(t.Context(), a), "Update a")
		wantIs(t, sessions.Update(t.Context(), b), session.ErrStale, "Update b")
		if b.Version() != 0 {
			t.Fatalf("a refused Update advanced the version to %d", b.Version())
		}
		got, err := sessions.ByID(t.Context(), testID(100))
		mustNil(t, err, "ByID")
		wantSameSession(t, got, a, "the winner's write")
	})

	t.Run("UpdateMissing", func(t *testing.T) {
		users, sessions := newRepos(t)
		u := mustCreateUser(t, users, 1)
		s := session.New(testID(100), u.ID(), "h0", "", at(0), ttl)
		wantIs(t, sessions.Update(t.Context(), s), session.ErrNotFound, "Update")
		_, err := sessions.ByID(t.Context(), s.ID())
		wantIs(t, err, session.ErrNotFound, "Update must not insert")
	})

	t.Run("ConcurrentUpdatesOneWins", func(t *testing.T) {
		users, sessions := newRepos(t)
		u := mustCreateUser(t, users, 1)
		mustNil(t, sessions.Create(t.Context(), session.New(testID(100), u.ID(), "h0", "", at(0), ttl)), "Create")
		copies := make([]*session.Session, racers)
		for i := range copies {
			s, err := sessions.ByID(t.Context(), testID(100))
			mustNil(t, err, "ByID")
			_, _ = s.Refresh("h0", "next-"+testID(i).String(), at(time.Second), ttl)
			copies[i] = s
		}
		w := oneWinner(t, race(func(i int) error { return sessions.Update(t.Context(), copies[i]) }), session.ErrStale)
		got, err := sessions.ByID(t.Context(), testID(100))
		mustNil(t, err, "ByID")
		wantSameSession(t, got, copies[w], "the winner's write")
		if got.Version() != 1 {
			t.Fatalf("Version = %d, want 1", got.Version())
		}
	})

	testSessionRotations(t, newRepos)
	testSessionLists(t, newRepos)
	testSessionRevocation(t, newRepos)
}

func wantSameSession(t *testing.T, got, want *session.Session, what string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil session", what)
	}
	g, w := sessionStored(got), sessionStored(want)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s:\n got %+v\nwant %+v", what, g, w)
	}
	if got.CreatedAt().Location() != time.UTC || got.ExpiresAt().Location() != time.UTC {
		t.Fatalf("%s: times not in UTC", what)
	}
}

func sessionStored(s *session.Session) session.Stored {
	st := s.Stored()
	st.RotatedAt, st.CreatedAt, st.LastUsedAt = ms(st.RotatedAt), ms(st.CreatedAt), ms(st.LastUsedAt)
	st.ExpiresAt, st.RevokedAt = ms(st.ExpiresAt), ms(st.RevokedAt)
	return st
}

// ids lists the ids of sessions, in order.
func ids(list []*session.Session) []id.ID {
	out := make([]id.ID, len(list))
	for i, s := range list {
		out[i] = s.ID()
	}
	return out
}

func wantIDs(t *testing.T, got []*session.Session, want []id.ID, what string) {
	t.Helper()
	if g := ids(got); !reflect.DeepEqual(g, want) && !(len(g) == 0 && len(want) == 0) {
		t.Fatalf("%s: got %v, want %v", what, g, want)
	}
}
