package app_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
)

// login signs ada in and returns her tokens.
func (f *fixture) login(t *testing.T) accounts.Tokens {
	t.Helper()
	f.verifiedUser(t, "ada")
	res, err := f.accounts.Login(context.Background(), accounts.LoginInput{Identifier: "ada", Password: "Secret123"})
	if err != nil {
		t.Fatal(err)
	}
	return res.Tokens
}

// storedSession reads the session a refresh token names.
func (f *fixture) storedSession(t *testing.T, refresh string) session.Stored {
	t.Helper()
	sid, _, _ := strings.Cut(refresh, ".")
	s, err := f.store.Sessions().ByID(context.Background(), id.ID(sid))
	if err != nil {
		t.Fatal(err)
	}
	return s.Stored()
}

func TestRefreshOfOneTokenRacingGivesOneSuccessor(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	tokens := f.login(t)
	const n = 20
	got := make([]accounts.Tokens, n)
	errc := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i], errc[i] = f.accounts.Refresh(ctx, accounts.RefreshInput{Token: tokens.Refresh}) })
	}
	wg.Wait()
	for i := range n {
		if errc[i] != nil {
			t.Fatalf("racing refresh %d: %v", i, errc[i])
		}
		if got[i].Refresh != got[0].Refresh || got[i].Refresh == tokens.Refresh {
			t.Fatalf("refresh %d got %q, refresh 0 %q", i, got[i].Refresh, got[0].Refresh)
		}
	}
	if st := f.storedSession(t, tokens.Refresh); st.Version != 1 || len(st.Rotated) != 1 {
		t.Fatalf("one rotation expected, stored %+v", st)
	}
	// Past the grace the old token is a replay and ends the session.
	f.clock.Advance(session.ReuseGrace + time.Second)
	if _, err := f.accounts.Refresh(ctx, accounts.RefreshInput{Token: tokens.Refresh}); !errors.Is(err, session.ErrInvalidRefresh) {
		t.Fatalf("replay: %v", err)
	}
	if _, _, err := f.accounts.Authenticate(ctx, got[0].Access); !errors.Is(err, accounts.ErrUnauthorized) {
		t.Fatalf("access token of a revoked session: %v", err)
	}
}

func TestRefreshWithUnknownSecretWritesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	tokens := f.login(t)
	sid, _, _ := strings.Cut(tokens.Refresh, ".")
	forged := sid + "." + strings.Repeat("A", 43)
	for _, step := range []func(){
		func() {},
		func() { // within the grace of a rotation
			next, err := f.accounts.Refresh(ctx, accounts.RefreshInput{Token: tokens.Refresh})
			if err != nil {
				t.Fatal(err)
			}
			tokens = next
		},
		func() { f.clock.Advance(time.Hour) },
	} {
		step()
		before := f.storedSession(t, tokens.Refresh)
		if _, err := f.accounts.Refresh(ctx, accounts.RefreshInput{Token: forged}); !errors.Is(err, session.ErrInvalidRefresh) {
			t.Fatalf("forged token: %v", err)
		}
		if after := f.storedSession(t, tokens.Refresh); after.Version != before.Version || !after.RevokedAt.IsZero() {
			t.Fatalf("a forged token changed the session: %+v", after)
		}
	}
	if _, err := f.accounts.Refresh(ctx, accounts.RefreshInput{Token: tokens.Refresh}); err != nil {
		t.Fatalf("the session no longer refreshes: %v", err)
	}
}

// staleSessions loses every compare-and-set, as if the session changed
// between each read and write.
type staleSessions struct{ session.Repository }

func (staleSessions) Update(context.Context, *session.Session) error { return session.ErrStale }

func TestRefreshThatKeepsLosingIsAConflict(t *testing.T) {
	t.Parallel()
	f := newFixture(t).with(t, func(d *deps) { d.accounts.Sessions = staleSessions{d.accounts.Sessions} })
	tokens := f.login(t)
	_, err := f.accounts.Refresh(context.Background(), accounts.RefreshInput{Token: tokens.Refresh})
	if errs.KindOf(err) != errs.Conflict || errors.Is(err, session.ErrInvalidRefresh) {
		t.Fatalf("got %v (kind %v), want a conflict that keeps the session", err, errs.KindOf(err))
	}
	if st := f.storedSession(t, tokens.Refresh); !st.RevokedAt.IsZero() {
		t.Fatal("the session ended")
	}
}

func TestNewRefusesShortRefreshKey(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	set := f.deps.accountsSet
	set.RefreshKey = set.RefreshKey[:31]
	if _, err := accounts.New(f.deps.accounts, set); err == nil {
		t.Fatal("accepted a 31-byte refresh key")
	}
}
