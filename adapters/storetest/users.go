package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/user"
)

// TestUsers checks a user.Repository. newRepo returns an empty repository
// each time it is called.
func TestUsers(t *testing.T, newRepo func(t *testing.T) user.Repository) {
	t.Run("CreateAndFind", func(t *testing.T) {
		repo := newRepo(t)
		u := newUser(t, 1)
		u.SetBio("films and footage", at(time.Second))
		u.SetProfileImage("https://cdn.example.com/a.png", "avatars/a.png", at(2*time.Second))
		u.Verify(at(3 * time.Second))
		mustNil(t, repo.Create(t.Context(), u), "Create")
		mustCreateUser(t, repo, 2) // a neighbour, so lookups must pick the right row

		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		wantSameUser(t, got, u, "ByID")
		got, err = repo.ByEmail(t.Context(), u.Email())
		mustNil(t, err, "ByEmail")
		wantSameUser(t, got, u, "ByEmail")
		got, err = repo.ByUsername(t.Context(), u.Username())
		mustNil(t, err, "ByUsername")
		wantSameUser(t, got, u, "ByUsername")
	})

	t.Run("RoundTripEveryField", func(t *testing.T) {
		repo := newRepo(t)
		empty, text := "", "  spaces kept, 'quotes' and \"doubles\", ünïcødé ✓ "
		cases := []struct {
			name string
			bio  *string
			key  string // "" is the generated avatar
		}{{"nil bio", nil, ""}, {"empty bio", &empty, "avatars/x y/ü.png"}, {"text bio", &text, "avatars/b.webp"}}
		for i, c := range cases {
			created := time.Date(2025, 12, 31, 23, 59, 59, 999_000_000, time.UTC).Add(time.Duration(i) * time.Hour)
			u := user.FromStored(user.Stored{
				ID: testID(10 + i), Username: user.Username("rt_" + string(rune('a'+i))),
				Email: user.Email(string(rune('a'+i)) + "@rt.example.com"), Name: "Round Trip",
				Bio: c.bio, ProfileImage: "https://img.example.com/" + c.name, ProfileImageKey: c.key,
				PasswordHash: "hash-" + c.name,
				Verified:     i%2 == 0, Role: user.RoleUser,
				CreatedAt: created, UpdatedAt: created.Add(1500 * time.Millisecond),
			})
			mustNil(t, repo.Create(t.Context(), u), c.name)
			got, err := repo.ByID(t.Context(), u.ID())
			mustNil(t, err, c.name)
			wantSameUser(t, got, u, c.name)
		}
	})

	t.Run("TimesComeBackInUTC", func(t *testing.T) {
		repo := newRepo(t)
		zone := time.FixedZone("UTC+5:30", 5*3600+1800)
		local := at(0).In(zone)
		u := user.FromStored(user.Stored{
			ID: testID(1), Username: "zoned", Email: "zoned@example.com", Name: "Zoned",
			PasswordHash: "h", Role: user.RoleCreator, CreatedAt: local, UpdatedAt: local,
		})
		mustNil(t, repo.Create(t.Context(), u), "Create")
		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		if !ms(got.CreatedAt()).Equal(ms(local)) || got.CreatedAt().Location() != time.UTC {
			t.Fatalf("CreatedAt = %v, want %v in UTC", got.CreatedAt(), local)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		repo := newRepo(t)
		mustCreateUser(t, repo, 1)
		_, err := repo.ByID(t.Context(), testID(99))
		wantIs(t, err, user.ErrNotFound, "ByID")
		_, err = repo.ByEmail(t.Context(), "nobody@example.com")
		wantIs(t, err, user.ErrNotFound, "ByEmail")
		_, err = repo.ByUsername(t.Context(), "nobody")
		wantIs(t, err, user.ErrNotFound, "ByUsername")
	})

	t.Run("LookupOfUnstorableTextIsNotFound", func(t *testing.T) {
		repo := newRepo(t)
		u := mustCreateUser(t, repo, 1)
		// U+FFFD is what a careless driver makes of invalid UTF-8, so a
		// lookup with invalid bytes must not find this account either.
		odd := withStored(newUser(t, 2), func(s *user.Stored) { s.Email, s.Username = "caf\uFFFD@example.com", "caf\uFFFD" })
		mustNil(t, repo.Create(t.Context(), odd), "Create")
		for _, email := range []user.Email{u.Email() + "\x00", "\x00", "user1@example.com\x00'x", "caf\xff@example.com", "caf\xef\xbf@example.com"} {
			_, err := repo.ByEmail(t.Context(), email)
			wantIs(t, err, user.ErrNotFound, fmt.Sprintf("ByEmail(%q)", email))
		}
		for _, name := range []user.Username{u.Username() + "\x00", "\x00", "caf\xff", "caf\xef\xbf"} {
			_, err := repo.ByUsername(t.Context(), name)
			wantIs(t, err, user.ErrNotFound, fmt.Sprintf("ByUsername(%q)", name))
		}
		got, err := repo.ByUsername(t.Context(), "caf\uFFFD")
		mustNil(t, err, "ByUsername of the stored text")
		wantSameUser(t, got, odd, "ByUsername of the stored text")
	})

	t.Run("CreateDuplicateEmail", func(t *testing.T) {
		repo := newRepo(t)
		first := mustCreateUser(t, repo, 1)
		dup := withStored(newUser(t, 2), func(s *user.Stored) { s.Email = first.Email() })
		wantIs(t, repo.Create(t.Context(), dup), user.ErrEmailTaken, "Create")
		_, err := repo.ByID(t.Context(), dup.ID())
		wantIs(t, err, user.ErrNotFound, "the refused account")
		got, err := repo.ByEmail(t.Context(), first.Email())
		mustNil(t, err, "ByEmail")
		wantSameUser(t, got, first, "the first account")
	})

	t.Run("CreateDuplicateUsername", func(t *testing.T) {
		repo := newRepo(t)
		first := mustCreateUser(t, repo, 1)
		dup := withStored(newUser(t, 2), func(s *user.Stored) { s.Username = first.Username() })
		wantIs(t, repo.Create(t.Context(), dup), user.ErrUsernameTaken, "Create")
		_, err := repo.ByEmail(t.Context(), dup.Email())
		wantIs(t, err, user.ErrNotFound, "the refused account")
	})

	t.Run("UpdateDuplicates", func(t *testing.T) {
		repo := newRepo(t)
		first := mustCreateUser(t, repo, 1)
		second := mustCreateUser(t, repo, 2)
		err := putUser(t.Context(), repo, withStored(second, func(s *user.Stored) { s.Email = first.Email() }))
		wantIs(t, err, user.ErrEmailTaken, "Update email")
		err = putUser(t.Context(), repo, withStored(second, func(s *user.Stored) { s.Username = first.Username() }))
		wantIs(t, err, user.ErrUsernameTaken, "Update username")
		got, err := repo.ByID(t.Context(), second.ID())
		mustNil(t, err, "ByID")
		wantSameUser(t, got, second, "the refused update")
	})

	t.Run("UpdateMissing", func(t *testing.T) {
		repo := newRepo(t)
		mustCreateUser(t, repo, 1)
		wantIs(t, putUser(t.Context(), repo, newUser(t, 2)), user.ErrNotFound, "Update")
		_, err := repo.ByID(t.Context(), testID(2))
		wantIs(t, err, user.ErrNotFound, "Update must not insert")
	})

	t.Run("UpdateEveryField", func(t *testing.T) {
		repo := newRepo(t)
		u := mustCreateUser(t, repo, 1)
		mustCreateUser(t, repo, 2)
		now := at(time.Hour)
		u.ChangeEmail("moved@example.com", now)
		mustNil(t, u.Rename("Renamed", now), "Rename")
		u.SetBio("", now)
		u.SetPasswordHash("new-hash", now)
		u.SetProfileImage("https://cdn.example.com/new.png", "avatars/new.png", now)
		u.Verify(now.Add(time.Millisecond))
		u = withStored(u, func(s *user.Stored) { s.Username, s.Role = "renamed_1", user.RoleUser })
		mustNil(t, putUser(t.Context(), repo, u), "Update")

		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		wantSameUser(t, got, u, "after Update")
		if b, ok := got.Bio(); !ok || b != "" {
			t.Fatalf("Bio = %q, %v; want empty and set", b, ok)
		}
		// The old handle and address are free again; the new ones resolve.
		_, err = repo.ByEmail(t.Context(), "user1@example.com")
		wantIs(t, err, user.ErrNotFound, "old email")
		_, err = repo.ByUsername(t.Context(), "user_1")
		wantIs(t, err, user.ErrNotFound, "old username")
		got, err = repo.ByUsername(t.Context(), "renamed_1")
		mustNil(t, err, "new username")
		wantSameUser(t, got, u, "by new username")
		reuse := withStored(newUser(t, 3), func(s *user.Stored) { s.Email, s.Username = "user1@example.com", "user_1" })
		mustNil(t, repo.Create(t.Context(), reuse), "reusing freed email and username")
	})

	t.Run("UpdateKeepsOwnEmail", func(t *testing.T) {
		repo := newRepo(t)
		u := mustCreateUser(t, repo, 1)
		u.Verify(at(time.Minute))
		mustNil(t, putUser(t.Context(), repo, u), "Update without changing email or username")
	})

	t.Run("ValuesAreCopied", func(t *testing.T) {
		repo := newRepo(t)
		u := newUser(t, 1)
		u.SetBio("before", at(0))
		mustNil(t, repo.Create(t.Context(), u), "Create")
		// Stored shares the bio pointer, so writing through it is the one way
		// a caller could reach into a store that kept the caller's memory.
		*u.Stored().Bio = "written through the created value"
		got, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		*got.Stored().Bio = "written through a read value"
		again, err := repo.ByID(t.Context(), u.ID())
		mustNil(t, err, "ByID")
		if g := userStored(again); bioText(g.Bio) != `"before"` { // Either must leave the store alone.
			t.Fatalf("stored bio changed to %s", bioText(g.Bio))
		}
	})

	t.Run("ConcurrentCreateSameEmail", func(t *testing.T) {
		repo := newRepo(t)
		users := make([]*user.User, racers)
		for i := range users {
			users[i] = withStored(newUser(t, 100+i), func(s *user.Stored) { s.Email = "race@example.com" })
		}
		results := race(func(i int) error { return repo.Create(t.Context(), users[i]) })
		w := oneWinner(t, results, user.ErrEmailTaken)
		got, err := repo.ByEmail(t.Context(), "race@example.com")
		mustNil(t, err, "ByEmail")
		if got.ID() != testID(100+w) {
			t.Fatalf("stored account %s, want the winner %s", got.ID(), testID(100+w))
		}
	})

	t.Run("ConcurrentCreateSameUsername", func(t *testing.T) {
		repo := newRepo(t)
		users := make([]*user.User, racers)
		for i := range users {
			users[i] = withStored(newUser(t, 100+i), func(s *user.Stored) { s.Username = "racer" })
		}
		results := race(func(i int) error { return repo.Create(t.Context(), users[i]) })
		oneWinner(t, results, user.ErrUsernameTaken)
	})

	testUserLookups(t, newRepo)
}

// withStored returns a copy of u changed by f, for states the domain methods
// cannot reach directly (a clash, a handle change).
func withStored(u *user.User, f func(s *user.Stored)) *user.User {
	s := u.Stored()
	f(&s)
	return user.FromStored(s)
}
