package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// hash returns a distinct refresh-secret hash in the form the core stores:
// 64 hex digits.
func hash(n int) string { return fmt.Sprintf("%064x", n) }

func testSessionRotations(t *testing.T, newRepos func(t *testing.T) (user.Repository, session.Repository)) {
	t.Run("RotatedHashesRoundTrip", func(t *testing.T) {
		t.Parallel()
		users, sessions := newRepos(t)
		u := mustCreateUser(t, users, 1)
		for n, size := range []int{0, 1, 2, session.MaxRotated} {
			rotated := make([]string, size)
			for i := range rotated {
				rotated[i] = hash(100*n + i)
			}
			s := session.FromStored(session.Stored{
				ID: testID(100 + n), UserID: u.ID(), Current: hash(99), Rotated: rotated,
				RotatedAt: at(time.Second), CreatedAt: at(0), LastUsedAt: at(time.Second), ExpiresAt: at(ttl),
			})
			mustNil(t, sessions.Create(t.Context(), s), "Create")
			got, err := sessions.ByID(t.Context(), s.ID())
			mustNil(t, err, "ByID")
			wantSameSession(t, got, s, fmt.Sprintf("%d rotated hashes", size))
		}
	})

	t.Run("RotationsPastTheBound", func(t *testing.T) {
		t.Parallel()
		users, sessions := newRepos(t)
		u := mustCreateUser(t, users, 1)
		mustNil(t, sessions.Create(t.Context(), session.New(testID(100), u.ID(), hash(0), "", at(0), ttl)), "Create")
		for i := range session.MaxRotated + 3 {
			s, err := sessions.ByID(t.Context(), testID(100))
			mustNil(t, err, "ByID")
			now := at(time.Duration(i+1) * time.Minute)
			if out, err := s.Refresh(hash(i), hash(i+1), now, ttl); out != session.Rotated {
				t.Fatalf("rotation %d: %v %v", i, out, err)
			}
			mustNil(t, sessions.Update(t.Context(), s), "Update")
			got, err := sessions.ByID(t.Context(), testID(100))
			mustNil(t, err, "ByID")
			wantSameSession(t, got, s, fmt.Sprintf("after rotation %d", i))
		}
		got, err := sessions.ByID(t.Context(), testID(100))
		mustNil(t, err, "ByID")
		rotated := got.Stored().Rotated
		if len(rotated) != session.MaxRotated || rotated[0] != hash(3) || rotated[len(rotated)-1] != hash(session.MaxRotated+2) {
			t.Fatalf("rotated list %v", rotated)
		}
		// The stored list still tells reuse from an unknown secret.
		before := got.Stored()
		if out, _ := got.Refresh(hash(0), "x", at(time.Hour), ttl); out != 0 || !reflect.DeepEqual(got.Stored(), before) {
			t.Fatalf("a forgotten secret: outcome %v", out)
		}
		if out, _ := got.Refresh(hash(3), "x", at(time.Hour), ttl); out != session.Reused {
			t.Fatalf("a remembered secret: outcome %v", out)
		}
	})
}
