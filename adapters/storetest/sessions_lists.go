package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// stored builds a session in any state, as a store would rebuild it.
func stored(n int, owner id.ID, created, expires, revoked time.Time) *session.Session {
	return session.FromStored(session.Stored{
		ID: testID(n), UserID: owner, Current: "h" + testID(n).String(),
		CreatedAt: created, LastUsedAt: created, ExpiresAt: expires, RevokedAt: revoked,
	})
}

func mustCreateSessions(t *testing.T, repo session.Repository, list ...*session.Session) {
	t.Helper()
	for _, s := range list {
		mustNil(t, repo.Create(t.Context(), s), "Create session "+s.ID().String())
	}
}

func testSessionLists(t *testing.T, newRepos func(t *testing.T) (user.Repository, session.Repository)) {
	t.Run("ListActiveOrderAndFilter", func(t *testing.T) {
		users, sessions := newRepos(t)
		a, b := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		now := at(time.Hour)
		never := time.Time{}
		mustCreateSessions(t, sessions,
			stored(101, a, at(0), at(ttl), never),
			stored(102, a, at(time.Second), at(ttl), never),
			stored(104, a, at(2*time.Second), at(ttl), never), // same instant as 103: the id decides
			stored(103, a, at(2*time.Second), at(ttl), never),
			stored(105, a, at(3*time.Second), at(ttl), at(time.Minute)),        // revoked
			stored(106, a, at(4*time.Second), now, never),                      // expires right now
			stored(107, a, at(-time.Second), now.Add(time.Millisecond), never), // one millisecond left
			stored(108, b, at(5*time.Second), at(ttl), never),                  // someone else's
		)
		list, err := sessions.ListActive(t.Context(), a, now, session.MaxActive)
		mustNil(t, err, "ListActive")
		wantIDs(t, list, []id.ID{testID(104), testID(103), testID(102), testID(101), testID(107)}, "ListActive")
		wantSameSession(t, list[0], stored(104, a, at(2*time.Second), at(ttl), never), "listed session")

		list, err = sessions.ListActive(t.Context(), a, now, 2)
		mustNil(t, err, "ListActive limit 2")
		wantIDs(t, list, []id.ID{testID(104), testID(103)}, "ListActive limit 2")
		list, err = sessions.ListActive(t.Context(), a, now, 0)
		mustNil(t, err, "ListActive limit 0")
		wantIDs(t, list, nil, "ListActive limit 0")
		list, err = sessions.ListActive(t.Context(), b, now, 10)
		mustNil(t, err, "ListActive other user")
		wantIDs(t, list, []id.ID{testID(108)}, "ListActive other user")
		list, err = sessions.ListActive(t.Context(), testID(99), now, 10)
		mustNil(t, err, "ListActive unknown user")
		wantIDs(t, list, nil, "ListActive unknown user")
	})

	t.Run("DeleteEnded", func(t *testing.T) {
		users, sessions := newRepos(t)
		a := mustCreateUser(t, users, 1).ID()
		cutoff := at(time.Hour)
		never := time.Time{}
		mustCreateSessions(t, sessions,
			stored(101, a, at(0), at(30*time.Minute), never),   // expired before: gone
			stored(102, a, at(0), at(ttl), at(10*time.Minute)), // revoked before: gone
			stored(103, a, at(0), at(ttl), never),              // active: kept
			stored(104, a, at(0), at(ttl), at(2*time.Hour)),    // revoked after: kept
			stored(105, a, at(0), at(2*time.Hour), never),      // expires after: kept
			stored(106, a, at(0), cutoff, never),               // expires at the cutoff: kept
		)
		n, err := sessions.DeleteEnded(t.Context(), cutoff)
		mustNil(t, err, "DeleteEnded")
		if n != 2 {
			t.Fatalf("DeleteEnded = %d, want 2", n)
		}
		for _, gone := range []int{101, 102} {
			_, err := sessions.ByID(t.Context(), testID(gone))
			wantIs(t, err, session.ErrNotFound, "deleted "+testID(gone).String())
		}
		for _, kept := range []int{103, 104, 105, 106} {
			_, err := sessions.ByID(t.Context(), testID(kept))
			mustNil(t, err, "kept "+testID(kept).String())
		}
		n, err = sessions.DeleteEnded(t.Context(), cutoff)
		mustNil(t, err, "DeleteEnded again")
		if n != 0 {
			t.Fatalf("second DeleteEnded = %d, want 0", n)
		}
	})
}
