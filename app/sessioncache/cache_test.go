package sessioncache_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/app/sessioncache"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// counting is an app.SessionHolders that counts its reads and may hold
// their answers until released.
type counting struct {
	next  app.SessionHolders
	reads atomic.Int64
	// hold, when set, is received from after each read, before it
	// answers.
	hold chan struct{}
}

func (c *counting) SessionHolder(ctx context.Context, sid id.ID) (*session.Session, *user.User, error) {
	s, u, err := c.next.SessionHolder(ctx, sid)
	c.reads.Add(1)
	if c.hold != nil {
		<-c.hold
	}
	return s, u, err
}

// fixture is a memory store seen through a cache, with the wrapped
// repositories every change goes through.
type fixture struct {
	store    *counting
	cache    *sessioncache.Cache
	clock    *apptest.Clock
	users    user.Repository
	sessions session.Repository
	signups  user.Signups
}

func newFixture(t *testing.T, maxEntries int) *fixture {
	t.Helper()
	m := memory.New()
	f := &fixture{store: &counting{next: m.SessionHolders()}, clock: apptest.NewClock(t0)}
	f.cache = sessioncache.New(f.store, f.clock, time.Minute, maxEntries)
	f.users = sessioncache.Users(m.Users(), f.cache)
	f.sessions = sessioncache.Sessions(m.Sessions(), f.cache)
	f.signups = sessioncache.Signups(m.Signups(), f.cache)
	return f
}

func testID(n int) id.ID { return id.ID(fmt.Sprintf("%024x", n)) }

// newUser builds account n.
func newUser(t *testing.T, n int) *user.User {
	t.Helper()
	u, err := user.New(user.NewParams{
		ID: testID(n), Username: user.Username(fmt.Sprintf("user_%d", n)), Email: user.Email(fmt.Sprintf("u%d@example.com", n)),
		Name: "User", PasswordHash: "$2a$10$hash", Role: user.RoleUser, Now: t0,
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// account stores user n with session 100+n and returns both ids.
func (f *fixture) account(t *testing.T, n int) (uid, sid id.ID) {
	t.Helper()
	u := newUser(t, n)
	if err := f.users.Create(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	s := session.New(testID(100+n), u.ID(), "hash", "ua", t0, time.Hour)
	if err := f.sessions.Create(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	return u.ID(), s.ID()
}

// read returns the session and user of sid through the cache, and how
// many reads of the store it took.
func (f *fixture) read(t *testing.T, sid id.ID) (*session.Session, *user.User, int64) {
	t.Helper()
	before := f.store.reads.Load()
	s, u, err := f.cache.SessionHolder(t.Context(), sid)
	if err != nil {
		t.Fatalf("SessionHolder(%s): %v", sid, err)
	}
	return s, u, f.store.reads.Load() - before
}

func TestRemembersForItsTTL(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 100)
	_, sid := f.account(t, 1)
	if _, _, n := f.read(t, sid); n != 1 {
		t.Fatalf("first read: %d store reads, want 1", n)
	}
	s, u, n := f.read(t, sid)
	if n != 0 || s.ID() != sid || u.ID() != testID(1) || u.Name() != "User" {
		t.Fatalf("second read: %d store reads, session %s, user %s %q", n, s.ID(), u.ID(), u.Name())
	}
	// Callers get values of their own, down to what they point to.
	if _, err := f.users.Update(t.Context(), u.ID(), func(u *user.User) error { u.SetBio("mine", t0); return nil }); err != nil {
		t.Fatal(err)
	}
	_, u, _ = f.read(t, sid)
	*u.Stored().Bio = "changed by a caller"
	if _, u, n := f.read(t, sid); n != 0 || *u.Stored().Bio != "mine" {
		t.Fatalf("read after a caller wrote through its user: %d store reads, bio %q", n, *u.Stored().Bio)
	}
	f.clock.Advance(time.Minute)
	if _, _, n := f.read(t, sid); n != 1 {
		t.Fatalf("read after the TTL: %d store reads, want 1", n)
	}
}

func TestEveryChangeIsSeenByTheNextRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		change func(f *fixture, uid, sid id.ID) error
		check  func(s *session.Session, u *user.User, now time.Time) bool
		// forgetsAll is set for a change that forgets every account.
		forgetsAll bool
	}{
		{"user update", func(f *fixture, uid, _ id.ID) error {
			_, err := f.users.Update(ctx, uid, func(u *user.User) error { u.SetBio("new", t0); return nil })
			return err
		}, func(_ *session.Session, u *user.User, _ time.Time) bool { b, _ := u.Bio(); return b == "new" }, false},
		{"failed user update", func(f *fixture, uid, _ id.ID) error {
			_, err := f.users.Update(ctx, uid, func(*user.User) error { return errors.New("refused") })
			if err == nil {
				return errors.New("the update did not fail")
			}
			return nil
		}, func(*session.Session, *user.User, time.Time) bool { return true }, false},
		{"revoke", func(f *fixture, uid, sid id.ID) error {
			return f.sessions.Revoke(ctx, uid, sid, t0)
		}, func(s *session.Session, _ *user.User, now time.Time) bool { return !s.Active(now) }, false},
		{"revoke all", func(f *fixture, uid, _ id.ID) error {
			_, err := f.sessions.RevokeAll(ctx, uid, id.Nil, t0)
			return err
		}, func(s *session.Session, _ *user.User, now time.Time) bool { return !s.Active(now) }, false},
		{"session update", func(f *fixture, _, sid id.ID) error {
			s, err := f.sessions.ByID(ctx, sid)
			if err != nil {
				return err
			}
			s.Revoke(t0)
			return f.sessions.Update(ctx, s)
		}, func(s *session.Session, _ *user.User, now time.Time) bool { return !s.Active(now) }, false},
		{"deleting ended sessions", func(f *fixture, _, _ id.ID) error {
			_, err := f.sessions.DeleteEnded(ctx, t0)
			return err
		}, func(*session.Session, *user.User, time.Time) bool { return true }, true},
		{"a sign-up replacing the account", func(f *fixture, uid, _ id.ID) error {
			u, err := f.users.ByID(ctx, uid)
			if err != nil {
				return err
			}
			return f.signups.Save(ctx, user.Signup{User: u, Replace: true, Now: t0})
		}, func(*session.Session, *user.User, time.Time) bool { return true }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, 100)
			uid, sid := f.account(t, 1)
			_, otherSid := f.account(t, 2)
			f.read(t, sid)
			f.read(t, otherSid)
			if err := c.change(f, uid, sid); err != nil {
				t.Fatal(err)
			}
			s, u, n := f.read(t, sid)
			if n != 1 {
				t.Fatalf("read after the change: %d store reads, want 1", n)
			}
			if !c.check(s, u, f.clock.Now()) {
				t.Fatalf("read after the change: %+v %+v", s.Stored(), u.Stored())
			}
			// What the change did not touch stays remembered, unless it
			// forgets everything.
			_, _, n = f.read(t, otherSid)
			wantOther := int64(0)
			if c.forgetsAll {
				wantOther = 1
			}
			if n != wantOther {
				t.Fatalf("another account's read: %d store reads, want %d", n, wantOther)
			}
		})
	}
}

// A read that found the session before a change and answers after it must
// not leave what it found for the next requests.
func TestReadsRacingAChangeAreNotRemembered(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 100)
	uid, sid := f.account(t, 1)
	f.store.hold = make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _, _ = f.cache.SessionHolder(t.Context(), sid)
	}()
	// The read found the live session (and is held before answering);
	// the session is revoked, then the read answers with what it found.
	for f.store.reads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := f.sessions.Revoke(t.Context(), uid, sid, t0); err != nil {
		t.Fatal(err)
	}
	f.store.hold <- struct{}{}
	<-done
	f.store.hold = nil
	s, _, n := f.read(t, sid)
	if n != 1 || s.Active(f.clock.Now()) {
		t.Fatalf("read after a racing change: %d store reads, active %v; want a fresh read of a revoked session", n, s.Active(f.clock.Now()))
	}
}

func TestFailedWritesShunTheAccountForATTL(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 100)
	uid, sid := f.account(t, 1)
	f.read(t, sid)
	if err := f.sessions.Revoke(t.Context(), uid, testID(999), t0); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("Revoke of an unknown session: %v", err)
	}
	for i := range 2 {
		if _, _, n := f.read(t, sid); n != 1 {
			t.Fatalf("read %d after a failed write: %d store reads, want 1", i+1, n)
		}
	}
	f.clock.Advance(time.Minute)
	f.read(t, sid)
	if _, _, n := f.read(t, sid); n != 0 {
		t.Fatalf("read a TTL after the failed write: %d store reads, want 0", n)
	}
}

func TestAClockSetBackDoesNotProlongEntries(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 100)
	_, sid := f.account(t, 1)
	f.read(t, sid)
	f.clock.Advance(-time.Second)
	if _, _, n := f.read(t, sid); n != 1 {
		t.Fatalf("read after the clock went back: %d store reads, want 1", n)
	}
}

func TestErrorsAreNotRemembered(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 100)
	for range 2 {
		if _, _, err := f.cache.SessionHolder(t.Context(), testID(9)); !errors.Is(err, session.ErrNotFound) {
			t.Fatalf("unknown session: %v", err)
		}
	}
	if n := f.store.reads.Load(); n != 2 {
		t.Fatalf("%d store reads for two misses, want 2", n)
	}
}

func TestBoundedAndSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 3)
	var sids []id.ID
	var uids []id.ID
	for n := range 8 {
		uid, sid := f.account(t, n+1)
		uids, sids = append(uids, uid), append(sids, sid)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				sid := sids[(w+i)%len(sids)]
				s, u, err := f.cache.SessionHolder(context.Background(), sid)
				if err != nil || s.ID() != sid || u.ID() != s.UserID() {
					t.Errorf("read %s: %v", sid, err)
					return
				}
				if i%50 == 0 {
					f.cache.Forget(uids[w])
				}
			}
		})
	}
	wg.Wait()
	// Past three entries the cache starts over: the first of four reads
	// of distinct sessions is read again.
	f.cache.ForgetAll()
	for _, sid := range sids[:4] {
		f.read(t, sid)
	}
	if _, _, n := f.read(t, sids[0]); n != 1 {
		t.Fatalf("read of an entry past the bound: %d store reads, want 1", n)
	}
	if _, _, n := f.read(t, sids[3]); n != 0 {
		t.Fatalf("read of the newest entry: %d store reads, want 0", n)
	}
}
