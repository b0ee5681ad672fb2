package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

func testUserLookups(t *testing.T, newRepo func(t *testing.T) user.Repository) {
	t.Run("ByIDs", func(t *testing.T) {
		repo := newRepo(t)
		one, three := mustCreateUser(t, repo, 1), mustCreateUser(t, repo, 3)
		three.SetBio("bio", at(time.Second))
		mustNil(t, putUser(t.Context(), repo, three), "Update")
		mustCreateUser(t, repo, 2) // not asked for

		got, err := repo.ByIDs(t.Context(), []id.ID{three.ID(), testID(99), one.ID(), three.ID()})
		mustNil(t, err, "ByIDs")
		if len(got) != 2 {
			t.Fatalf("ByIDs returned %d accounts, want 2: %v", len(got), got)
		}
		wantSameUser(t, got[one.ID()], one, "ByIDs one")
		wantSameUser(t, got[three.ID()], three, "ByIDs three")

		for _, ids := range [][]id.ID{nil, {}, {testID(99)}} {
			got, err := repo.ByIDs(t.Context(), ids)
			mustNil(t, err, "ByIDs without matches")
			if got == nil || len(got) != 0 {
				t.Fatalf("ByIDs(%v) = %v, want an empty map", ids, got)
			}
		}
	})

	t.Run("ByIDsBound", func(t *testing.T) {
		repo := newRepo(t)
		u := mustCreateUser(t, repo, 1)
		ids := make([]id.ID, list.MaxIDs, list.MaxIDs+1)
		for i := range ids {
			ids[i] = testID(1000 + i)
		}
		ids[list.MaxIDs-1] = u.ID()
		got, err := repo.ByIDs(t.Context(), ids)
		mustNil(t, err, "ByIDs at the bound")
		if len(got) != 1 || got[u.ID()] == nil {
			t.Fatalf("ByIDs at the bound = %v, want only %s", got, u.ID())
		}
		_, err = repo.ByIDs(t.Context(), append(ids, testID(1)))
		if err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("ByIDs past the bound = %v, want an Internal error", err)
		}
	})

	t.Run("ProfileImageKeyRoundTrip", func(t *testing.T) {
		repo := newRepo(t)
		u := newUser(t, 1)
		u.SetProfileImage("https://cdn.example.com/1.png", "avatars/1.png", at(time.Second))
		mustNil(t, repo.Create(t.Context(), u), "Create")
		steps := []struct{ url, key string }{
			{"https://cdn.example.com/2.webp", "avatars/2 'q' ü.webp"},
			{"https://ui-avatars.com/api/?name=User", ""}, // back to a generated avatar
		}
		for i, s := range steps {
			got, err := repo.ByID(t.Context(), u.ID())
			mustNil(t, err, "ByID")
			wantSameUser(t, got, u, "before the change")
			if old := got.SetProfileImage(s.url, s.key, at(time.Duration(i+2)*time.Second)); old != u.Stored().ProfileImageKey {
				t.Fatalf("SetProfileImage on the stored account returned %q, want %q", old, u.Stored().ProfileImageKey)
			}
			mustNil(t, putUser(t.Context(), repo, got), "Update")
			u = got
		}
		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		wantSameUser(t, got, u, "after the changes")
	})
}
