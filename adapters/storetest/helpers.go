// Package storetest is the contract suite of the repository ports. Every
// adapter (memory, SQLite, PostgreSQL, ...) runs the same functions from its
// own test file, so that they behave alike down to error mapping, ordering
// and races:
//
//	func TestUsers(t *testing.T) {
//		storetest.TestUsers(t, func(t *testing.T) user.Repository { return newStore(t).Users() })
//	}
//
// Each subtest asks the factory for fresh, empty repositories, so a factory
// must isolate what it returns (a new map, file or schema per call). The suite
// only compares instants at millisecond precision, the least a store must keep.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// racers is how many goroutines the concurrency tests start at once: enough
// that a missing lock or a read-then-write race shows up, few enough for a
// small connection pool.
const racers = 20

// at returns the suite's "now" plus d. The sub-millisecond digits check that
// stores keep at least milliseconds without requiring more.
func at(d time.Duration) time.Time {
	return time.Date(2026, 3, 14, 15, 9, 26, 535_897_932, time.UTC).Add(d)
}

// testID returns a valid id whose lexical order follows n, so tests can
// reason about tie-breaks by id.
func testID(n int) id.ID { return id.ID(fmt.Sprintf("%024x", n)) }

// ms is the precision every store must keep.
func ms(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Millisecond)
}

// newUser builds an account numbered n with a distinct email and username.
func newUser(t *testing.T, n int) *user.User {
	t.Helper()
	u, err := user.New(user.NewParams{
		ID:           testID(n),
		Username:     user.Username(fmt.Sprintf("user_%d", n)),
		Email:        user.Email(fmt.Sprintf("user%d@example.com", n)),
		Name:         fmt.Sprintf("User %d", n),
		PasswordHash: "$2a$10$hash",
		Role:         user.RoleCreator,
		Now:          at(0),
	})
	if err != nil {
		t.Fatalf("user.New: %v", err)
	}
	return u
}

// mustCreateUser stores a new account numbered n.
func mustCreateUser(t *testing.T, repo user.Repository, n int) *user.User {
	t.Helper()
	u := newUser(t, n)
	if err := repo.Create(t.Context(), u); err != nil {
		t.Fatalf("Create user %d: %v", n, err)
	}
	return u
}

func mustNil(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", what, err)
	}
}

// wantIs checks both the sentinel and its kind, since the HTTP layer maps
// by kind and callers branch by sentinel.
func wantIs(t *testing.T, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
	if got, want := errs.KindOf(err), errs.KindOf(target); got != want {
		t.Fatalf("%s: got kind %v, want %v", what, got, want)
	}
}

// userStored is the comparable form of an account at store precision.
func userStored(u *user.User) user.Stored {
	s := u.Stored()
	s.CreatedAt, s.UpdatedAt = ms(s.CreatedAt), ms(s.UpdatedAt)
	return s
}

func wantSameUser(t *testing.T, got, want *user.User, what string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil user", what)
	}
	g, w := userStored(got), userStored(want)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s:\n got %+v (bio %s)\nwant %+v (bio %s)", what, g, bioText(g.Bio), w, bioText(w.Bio))
	}
	if got.CreatedAt().Location() != time.UTC || got.UpdatedAt().Location() != time.UTC {
		t.Fatalf("%s: times not in UTC: %v, %v", what, got.CreatedAt(), got.UpdatedAt())
	}
}

// wantSameAuthor checks the public profile that lists show of an author
// (see app.Figures), all a store has to read of the account.
func wantSameAuthor(t *testing.T, got, want *user.User, what string) {
	t.Helper()
	if got == nil || want == nil {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	if got.ID() != want.ID() || got.Username() != want.Username() || got.Name() != want.Name() || got.ProfileImage() != want.ProfileImage() {
		t.Fatalf("%s: got %s %q %q %q, want %s %q %q %q", what, got.ID(), got.Username(), got.Name(), got.ProfileImage(),
			want.ID(), want.Username(), want.Name(), want.ProfileImage())
	}
}

func bioText(b *string) string {
	if b == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", *b)
}

// race runs f from racers goroutines released together and returns their
// errors in goroutine order.
func race(f func(i int) error) []error {
	out := make([]error, racers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			<-start
			out[i] = f(i)
		})
	}
	close(start)
	wg.Wait()
	return out
}

// oneWinner checks that exactly one racer succeeded and that every other
// failed with loser.
func oneWinner(t *testing.T, results []error, loser error) int {
	t.Helper()
	winner := -1
	for i, err := range results {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("racers %d and %d both succeeded", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, loser):
			t.Fatalf("racer %d: got %v, want %v", i, err, loser)
		}
	}
	if winner < 0 {
		t.Fatalf("no racer succeeded")
	}
	return winner
}

// putUser writes u over the stored account with its id through Update, for
// tests that build the new state themselves.
func putUser(ctx context.Context, repo user.Repository, u *user.User) error {
	_, err := repo.Update(ctx, u.ID(), func(cur *user.User) error { *cur = *u; return nil })
	return err
}

// putVideo writes v over the stored video with its id through Update.
func putVideo(ctx context.Context, repo video.Repository, v *video.Video) error {
	_, err := repo.Update(ctx, v.ID(), func(cur *video.Video) error { *cur = *v; return nil })
	return err
}
