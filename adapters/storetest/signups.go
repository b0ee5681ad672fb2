package storetest

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// SignupStore is the part of a store a sign-up touches.
type SignupStore struct {
	Users   user.Repository
	Codes   user.Codes
	Signups user.Signups
}

// TestSignups checks a user.Signups. newStore returns an empty store each
// time it is called.
func TestSignups(t *testing.T, newStore func(t *testing.T) SignupStore) {
	t.Run("CreateWritesAccountAndCode", func(t *testing.T) {
		s := newStore(t)
		u := newUser(t, 1)
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: u, Code: verifyCode(u.ID(), "h1", 0), Now: at(0)}), "Save")
		got, err := s.Users.ByEmail(t.Context(), u.Email())
		mustNil(t, err, "ByEmail")
		wantSameUser(t, got, u, "ByEmail")
		wantCode(t, s, u.ID(), "h1")
	})

	t.Run("ReplaceTakesOverAnUnverifiedAccount", func(t *testing.T) {
		s := newStore(t)
		u := newUser(t, 1)
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: u, Code: verifyCode(u.ID(), "h1", 0), Now: at(0)}), "Save")
		mustNil(t, s.Codes.Put(t.Context(), attempted(verifyCode(u.ID(), "h1", 0))), "Put an attempted code")
		again := newUser(t, 1)
		mustNil(t, again.ReplaceRegistration(user.NewParams{
			Username: "renamed", Email: u.Email(), Name: "Renamed", PasswordHash: "$2a$10$other", Now: at(time.Minute),
		}), "ReplaceRegistration")
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: again, Replace: true, Code: verifyCode(u.ID(), "h2", time.Minute), Now: at(time.Minute)}), "Save replacement")
		got, err := s.Users.ByUsername(t.Context(), "renamed")
		mustNil(t, err, "ByUsername")
		if got.ID() != u.ID() || got.PasswordHash() != "$2a$10$other" || got.Name() != "Renamed" || !ms(got.CreatedAt()).Equal(ms(u.CreatedAt())) {
			t.Fatalf("replaced account: %+v", got.Stored())
		}
		if _, err := s.Users.ByUsername(t.Context(), u.Username()); err == nil {
			t.Fatal("the old username still finds the account")
		}
		c := wantCode(t, s, u.ID(), "h2")
		if c.Attempts != 0 {
			t.Fatalf("the new code starts with %d attempts", c.Attempts)
		}
	})

	t.Run("ReplaceRefusesAVerifiedAccount", func(t *testing.T) {
		s := newStore(t)
		u := newUser(t, 1)
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: u, Code: verifyCode(u.ID(), "h1", 0), Now: at(0)}), "Save")
		verified := newUser(t, 1)
		verified.Verify(at(time.Second))
		mustNil(t, putUser(t.Context(), s.Users, verified), "verify")
		again := newUser(t, 1) // read before the verification
		mustNil(t, again.ReplaceRegistration(user.NewParams{Username: "thief", Email: u.Email(), Name: "T", PasswordHash: "stolen", Now: at(time.Minute)}), "ReplaceRegistration")
		err := s.Signups.Save(t.Context(), user.Signup{User: again, Replace: true, Code: verifyCode(u.ID(), "h2", time.Minute), Now: at(time.Minute)})
		wantIs(t, err, user.ErrEmailTaken, "Save over a verified account")
		got, _ := s.Users.ByID(t.Context(), u.ID())
		if got.PasswordHash() == "stolen" || !got.Verified() {
			t.Fatalf("a verified account was replaced: %+v", got.Stored())
		}
		wantCode(t, s, u.ID(), "h1")
	})

	t.Run("ReleaseTakesAStaleUsername", func(t *testing.T) {
		s := newStore(t)
		stale := newUser(t, 1)
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: stale, Code: verifyCode(stale.ID(), "h1", 0), Now: at(0)}), "Save")
		claimant := userNamed(t, 2, stale.Username())
		now := at(user.CodeTTL)
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: claimant, Code: verifyCode(claimant.ID(), "h2", user.CodeTTL), Release: stale.ID(), Now: now}), "Save with release")
		if _, err := s.Users.ByID(t.Context(), stale.ID()); err == nil {
			t.Fatal("the stale account survived its release")
		}
		if _, err := s.Codes.Get(t.Context(), stale.ID(), user.PurposeVerify); err == nil {
			t.Fatal("the stale account's code survived its release")
		}
		got, err := s.Users.ByUsername(t.Context(), stale.Username())
		mustNil(t, err, "ByUsername")
		if got.ID() != claimant.ID() {
			t.Fatalf("the username belongs to %s", got.ID())
		}
		wantCode(t, s, claimant.ID(), "h2")
	})

	t.Run("ReleaseRefusesALiveSignup", func(t *testing.T) {
		s := newStore(t)
		live := newUser(t, 1)
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: live, Code: verifyCode(live.ID(), "h1", 0), Now: at(0)}), "Save")
		claimant := userNamed(t, 2, live.Username())
		err := s.Signups.Save(t.Context(), user.Signup{User: claimant, Code: verifyCode(claimant.ID(), "h2", 0), Release: live.ID(), Now: at(user.CodeTTL - time.Millisecond)})
		wantIs(t, err, user.ErrUsernameTaken, "Save releasing a live sign-up")
		if _, err := s.Users.ByID(t.Context(), live.ID()); err != nil {
			t.Fatalf("the live sign-up was deleted: %v", err)
		}
		if _, err := s.Users.ByID(t.Context(), claimant.ID()); err == nil {
			t.Fatal("the refused sign-up was written")
		}
	})

	t.Run("AllOrNothing", func(t *testing.T) {
		s := newStore(t)
		stale := newUser(t, 1)
		mustNil(t, s.Signups.Save(t.Context(), user.Signup{User: stale, Code: verifyCode(stale.ID(), "h1", 0), Now: at(0)}), "Save")
		holder := mustCreateUser(t, s.Users, 3)
		// The release would succeed, but the account's email is taken:
		// nothing of the sign-up may remain, the release included.
		claimant := userNamed(t, 2, stale.Username())
		clash, err := user.New(user.NewParams{ID: claimant.ID(), Username: claimant.Username(), Email: holder.Email(), Name: "C", PasswordHash: "h", Role: user.RoleCreator, Now: at(0)})
		mustNil(t, err, "user.New")
		err = s.Signups.Save(t.Context(), user.Signup{User: clash, Code: verifyCode(clash.ID(), "h2", 0), Release: stale.ID(), Now: at(time.Hour)})
		wantIs(t, err, user.ErrEmailTaken, "Save with a taken email")
		if _, err := s.Users.ByID(t.Context(), stale.ID()); err != nil {
			t.Fatalf("a failed sign-up released the stale account: %v", err)
		}
		wantCode(t, s, stale.ID(), "h1")
		if _, err := s.Codes.Get(t.Context(), clash.ID(), user.PurposeVerify); err == nil {
			t.Fatal("a failed sign-up left its code")
		}
	})

	t.Run("ConcurrentSignupsOneWins", func(t *testing.T) {
		s := newStore(t)
		var won atomic.Int32
		results := race(func(i int) error {
			u, err := user.New(user.NewParams{
				ID: testID(100 + i), Username: user.Username(fmt.Sprintf("racer_%d", i)), Email: "race@example.com",
				Name: "Racer", PasswordHash: "h", Role: user.RoleCreator, Now: at(0),
			})
			if err != nil {
				return err
			}
			err = s.Signups.Save(t.Context(), user.Signup{User: u, Code: verifyCode(u.ID(), "h", 0), Now: at(0)})
			if err == nil {
				won.Add(1)
			}
			return err
		})
		for _, err := range results {
			if err != nil {
				wantIs(t, err, user.ErrEmailTaken, "a losing sign-up")
			}
		}
		if won.Load() != 1 {
			t.Fatalf("%d sign-ups with one email won, want 1", won.Load())
		}
	})
}

// verifyCode is a verification code of uid issued at at(issued).
func verifyCode(uid id.ID, hash string, issued time.Duration) user.Code {
	return user.NewCode(uid, user.PurposeVerify, hash, "", at(issued))
}

func attempted(c user.Code) user.Code { c.Attempts = 3; return c }

// userNamed is account n with the given username.
func userNamed(t *testing.T, n int, name user.Username) *user.User {
	t.Helper()
	u, err := user.New(user.NewParams{
		ID: testID(n), Username: name, Email: user.Email(fmt.Sprintf("user%d@example.com", n)),
		Name: fmt.Sprintf("User %d", n), PasswordHash: "h", Role: user.RoleCreator, Now: at(0),
	})
	if err != nil {
		t.Fatalf("user.New: %v", err)
	}
	return u
}

// wantCode checks that uid's verification code has the hash, and returns it.
func wantCode(t *testing.T, s SignupStore, uid id.ID, hash string) user.Code {
	t.Helper()
	c, err := s.Codes.Get(t.Context(), uid, user.PurposeVerify)
	mustNil(t, err, "Get code")
	if c.Hash != hash {
		t.Fatalf("code hash %q, want %q", c.Hash, hash)
	}
	return c
}
