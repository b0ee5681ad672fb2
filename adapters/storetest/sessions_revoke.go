package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

func testSessionRevocation(t *testing.T, newRepos func(t *testing.T) (user.Repository, session.Repository)) {
	t.Run("Revoke", func(t *testing.T) {
		users, sessions := newRepos(t)
		a, b := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		never := time.Time{}
		mustCreateSessions(t, sessions,
			stored(101, a, at(0), at(ttl), never),
			stored(102, a, at(0), at(time.Minute), never), // expired when revoked below
		)
		revokeAt := at(time.Hour)
		wantIs(t, sessions.Revoke(t.Context(), b, testID(101), revokeAt), session.ErrNotFound, "Revoke by another user")
		wantIs(t, sessions.Revoke(t.Context(), a, testID(99), revokeAt), session.ErrNotFound, "Revoke missing")
		wantIs(t, sessions.Revoke(t.Context(), a, testID(102), revokeAt), session.ErrNotFound, "Revoke expired")
		got, err := sessions.ByID(t.Context(), testID(101))
		mustNil(t, err, "ByID")
		if !got.Active(revokeAt) {
			t.Fatalf("a refused Revoke ended the session")
		}
		stale := got

		mustNil(t, sessions.Revoke(t.Context(), a, testID(101), revokeAt), "Revoke")
		got, err = sessions.ByID(t.Context(), testID(101))
		mustNil(t, err, "ByID")
		if !ms(got.RevokedAt()).Equal(ms(revokeAt)) || got.Active(revokeAt) {
			t.Fatalf("RevokedAt = %v, want %v", got.RevokedAt(), revokeAt)
		}
		wantIs(t, sessions.Revoke(t.Context(), a, testID(101), revokeAt.Add(time.Second)), session.ErrNotFound, "Revoke again")

		// A refresh that read the session before the revocation must not
		// write it back alive.
		_, _ = stale.Refresh("h"+testID(101).String(), "next", revokeAt, ttl)
		wantIs(t, sessions.Update(t.Context(), stale), session.ErrStale, "Update of a copy read before Revoke")
		got, err = sessions.ByID(t.Context(), testID(101))
		mustNil(t, err, "ByID")
		if got.Active(revokeAt) {
			t.Fatalf("the session came back to life")
		}
	})

	t.Run("RevokeAll", func(t *testing.T) {
		users, sessions := newRepos(t)
		a, b := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		never := time.Time{}
		mustCreateSessions(t, sessions,
			stored(101, a, at(0), at(ttl), never),
			stored(102, a, at(0), at(ttl), never), // kept
			stored(103, a, at(0), at(ttl), never),
			stored(104, a, at(0), at(ttl), at(time.Second)), // already revoked
			stored(105, a, at(0), at(time.Minute), never),   // already expired
			stored(106, b, at(0), at(ttl), never),           // someone else's
		)
		stale, err := sessions.ByID(t.Context(), testID(101))
		mustNil(t, err, "ByID")
		first := at(time.Hour)
		n, err := sessions.RevokeAll(t.Context(), a, testID(102), first)
		mustNil(t, err, "RevokeAll")
		if n != 2 {
			t.Fatalf("RevokeAll = %d, want 2", n)
		}
		wantRevokedAt(t, sessions, map[int]time.Time{
			101: first, 102: {}, 103: first, 104: at(time.Second), 105: {}, 106: {},
		})
		wantIs(t, sessions.Update(t.Context(), stale), session.ErrStale, "Update of a copy read before RevokeAll")

		second := at(2 * time.Hour)
		n, err = sessions.RevokeAll(t.Context(), a, id.Nil, second)
		mustNil(t, err, "RevokeAll without keep")
		if n != 1 {
			t.Fatalf("RevokeAll without keep = %d, want 1", n)
		}
		wantRevokedAt(t, sessions, map[int]time.Time{101: first, 102: second, 103: first, 106: {}})
		n, err = sessions.RevokeAll(t.Context(), a, id.Nil, second)
		mustNil(t, err, "RevokeAll again")
		if n != 0 {
			t.Fatalf("RevokeAll again = %d, want 0", n)
		}
	})
}

func wantRevokedAt(t *testing.T, repo session.Repository, want map[int]time.Time) {
	t.Helper()
	for n, w := range want {
		got, err := repo.ByID(t.Context(), testID(n))
		mustNil(t, err, "ByID")
		if !ms(got.RevokedAt()).Equal(ms(w)) {
			t.Fatalf("session %d: RevokedAt = %v, want %v", n, got.RevokedAt(), w)
		}
	}
}
