package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/user"
)

// TestCodes checks a user.Codes. newRepos returns empty repositories each
// time it is called; the account repository is there because codes belong
// to stored accounts (a foreign key in SQL).
func TestCodes(t *testing.T, newRepos func(t *testing.T) (user.Repository, user.Codes)) {
	t.Run("PutAndGet", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		c := user.Code{
			UserID: u.ID(), Purpose: user.PurposeEmailChange, Hash: "hash-1", Target: "new@example.com",
			ExpiresAt: at(user.CodeTTL), Attempts: 3, ResentAt: at(time.Second),
		}
		mustNil(t, codes.Put(t.Context(), c), "Put")
		got, err := codes.Get(t.Context(), u.ID(), user.PurposeEmailChange)
		mustNil(t, err, "Get")
		wantSameCode(t, got, c, "Get")
	})

	t.Run("ZeroResentAtAndTarget", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		c := user.NewCode(u.ID(), user.PurposeVerify, "hash", "", at(0))
		mustNil(t, codes.Put(t.Context(), c), "Put")
		got, err := codes.Get(t.Context(), u.ID(), user.PurposeVerify)
		mustNil(t, err, "Get")
		wantSameCode(t, got, c, "Get")
		if !got.ResentAt.IsZero() || !got.CanResend(at(0)) {
			t.Fatalf("ResentAt = %v, want zero", got.ResentAt)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		mustNil(t, codes.Put(t.Context(), user.NewCode(u.ID(), user.PurposeVerify, "h", "", at(0))), "Put")
		_, err := codes.Get(t.Context(), u.ID(), user.PurposeReset)
		wantIs(t, err, user.ErrCodeNotFound, "Get other purpose")
		_, err = codes.Get(t.Context(), testID(99), user.PurposeVerify)
		wantIs(t, err, user.ErrCodeNotFound, "Get other user")
		_, err = codes.Attempt(t.Context(), u.ID(), user.PurposeReset)
		wantIs(t, err, user.ErrCodeNotFound, "Attempt")
	})

	t.Run("PutReplaces", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		first := user.NewCode(u.ID(), user.PurposeReset, "first", "", at(0))
		mustNil(t, codes.Put(t.Context(), first), "Put first")
		_, err := codes.Attempt(t.Context(), u.ID(), user.PurposeReset)
		mustNil(t, err, "Attempt")
		second := user.NewCode(u.ID(), user.PurposeReset, "second", "", at(time.Minute))
		second.ResentAt = at(time.Minute)
		mustNil(t, codes.Put(t.Context(), second), "Put second")
		got, err := codes.Get(t.Context(), u.ID(), user.PurposeReset)
		mustNil(t, err, "Get")
		wantSameCode(t, got, second, "after replacing (attempts start again)")
	})

	t.Run("PurposesAreSeparate", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		v := user.NewCode(u.ID(), user.PurposeVerify, "verify", "", at(0))
		r := user.NewCode(u.ID(), user.PurposeReset, "reset", "", at(0))
		mustNil(t, codes.Put(t.Context(), v), "Put verify")
		mustNil(t, codes.Put(t.Context(), r), "Put reset")
		_, err := codes.Attempt(t.Context(), u.ID(), user.PurposeVerify)
		mustNil(t, err, "Attempt verify")
		mustNil(t, codes.Delete(t.Context(), u.ID(), user.PurposeVerify), "Delete verify")
		got, err := codes.Get(t.Context(), u.ID(), user.PurposeReset)
		mustNil(t, err, "Get reset")
		wantSameCode(t, got, r, "reset code untouched")
	})

	t.Run("AttemptIncrements", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		other := mustCreateUser(t, users, 2)
		c := user.NewCode(u.ID(), user.PurposeVerify, "h", "", at(0))
		mustNil(t, codes.Put(t.Context(), c), "Put")
		o := user.NewCode(other.ID(), user.PurposeVerify, "o", "", at(0))
		mustNil(t, codes.Put(t.Context(), o), "Put other")
		for want := 1; want <= 3; want++ {
			got, err := codes.Attempt(t.Context(), u.ID(), user.PurposeVerify)
			mustNil(t, err, "Attempt")
			c.Attempts = want
			wantSameCode(t, got, c, "Attempt result")
		}
		got, err := codes.Get(t.Context(), u.ID(), user.PurposeVerify)
		mustNil(t, err, "Get")
		wantSameCode(t, got, c, "Get after attempts")
		got, err = codes.Get(t.Context(), other.ID(), user.PurposeVerify)
		mustNil(t, err, "Get other")
		wantSameCode(t, got, o, "other user's code untouched")
	})

	t.Run("ConcurrentAttempts", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		mustNil(t, codes.Put(t.Context(), user.NewCode(u.ID(), user.PurposeVerify, "h", "", at(0))), "Put")
		counts := make([]int, racers)
		results := race(func(i int) error {
			c, err := codes.Attempt(t.Context(), u.ID(), user.PurposeVerify)
			counts[i] = c.Attempts
			return err
		})
		seen := make(map[int]bool)
		for i, err := range results {
			mustNil(t, err, "Attempt")
			if counts[i] < 1 || counts[i] > racers || seen[counts[i]] {
				t.Fatalf("attempt counts %v: want each of 1..%d once", counts, racers)
			}
			seen[counts[i]] = true
		}
		got, err := codes.Get(t.Context(), u.ID(), user.PurposeVerify)
		mustNil(t, err, "Get")
		if got.Attempts != racers {
			t.Fatalf("Attempts = %d, want %d", got.Attempts, racers)
		}
	})

	t.Run("DeleteIsIdempotent", func(t *testing.T) {
		users, codes := newRepos(t)
		u := mustCreateUser(t, users, 1)
		mustNil(t, codes.Delete(t.Context(), u.ID(), user.PurposeVerify), "Delete missing")
		mustNil(t, codes.Put(t.Context(), user.NewCode(u.ID(), user.PurposeVerify, "h", "", at(0))), "Put")
		mustNil(t, codes.Delete(t.Context(), u.ID(), user.PurposeVerify), "Delete")
		_, err := codes.Get(t.Context(), u.ID(), user.PurposeVerify)
		wantIs(t, err, user.ErrCodeNotFound, "Get after Delete")
		mustNil(t, codes.Delete(t.Context(), u.ID(), user.PurposeVerify), "Delete again")
	})
}

func wantSameCode(t *testing.T, got, want user.Code, what string) {
	t.Helper()
	g, w := got, want
	g.ExpiresAt, g.ResentAt = ms(g.ExpiresAt), ms(g.ResentAt)
	w.ExpiresAt, w.ResentAt = ms(w.ExpiresAt), ms(w.ResentAt)
	if g != w {
		t.Fatalf("%s:\n got %+v\nwant %+v", what, g, w)
	}
	if got.ExpiresAt.Location() != time.UTC {
		t.Fatalf("%s: ExpiresAt %v not in UTC", what, got.ExpiresAt)
	}
}
