package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// TestSessionHolders checks an app.SessionHolders: the session and its user
// in one read, every field of both as their repositories read them.
// newRepos returns empty repositories of one store each time.
func TestSessionHolders(t *testing.T, newRepos func(t *testing.T) (user.Repository, session.Repository, app.SessionHolders)) {
	t.Run("SessionAndUser", func(t *testing.T) {
		users, sessions, holders := newRepos(t)
		u := mustCreateUser(t, users, 1)
		u, err := users.Update(t.Context(), u.ID(), func(u *user.User) error {
			u.SetBio("bio 'quoted' ✓", at(time.Second))
			return nil
		})
		mustNil(t, err, "Update")
		other := mustCreateUser(t, users, 2)
		s := session.FromStored(session.Stored{
			ID: testID(100), UserID: u.ID(), Current: hash(1), Rotated: []string{hash(2)},
			RotatedAt: at(time.Second), CreatedAt: at(0), LastUsedAt: at(2 * time.Second),
			ExpiresAt: at(ttl), RevokedAt: at(3 * time.Second), UserAgent: "ua", Version: 3,
		})
		mustNil(t, sessions.Create(t.Context(), s), "Create")
		mustNil(t, sessions.Create(t.Context(), session.New(testID(101), other.ID(), "h", "", at(0), ttl)), "Create")

		gotS, gotU, err := holders.SessionHolder(t.Context(), s.ID())
		mustNil(t, err, "SessionHolder")
		wantSameSession(t, gotS, s, "session")
		wantSameUser(t, gotU, u, "user")

		gotS, gotU, err = holders.SessionHolder(t.Context(), testID(101))
		mustNil(t, err, "SessionHolder")
		if gotS.ID() != testID(101) || gotU.ID() != other.ID() {
			t.Fatalf("second session: %v of %v", gotS.ID(), gotU.ID())
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		_, _, holders := newRepos(t)
		_, _, err := holders.SessionHolder(t.Context(), testID(1))
		wantIs(t, err, session.ErrNotFound, "SessionHolder")
	})
}
