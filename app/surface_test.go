package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/domain/user"
)

// Each surface chooses how long its access tokens live; the service's
// setting is the default.
func TestAccessTokenLifetimeIsTheSurfaces(t *testing.T) {
	f := newFixture(t)
	f.verifiedUser(t, "ada")
	ctx := context.Background()
	now := f.clock.Now()
	for _, tc := range []struct {
		ttl, want time.Duration
	}{{0, 15 * time.Minute}, {7 * 24 * time.Hour, 7 * 24 * time.Hour}} {
		res, err := f.accounts.Login(ctx, accounts.LoginInput{Identifier: "ada", Password: "Secret123", AccessTTL: tc.ttl})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Tokens.AccessExpires.Equal(now.Add(tc.want)) {
			t.Errorf("login with %v: access expires %v, want %v", tc.ttl, res.Tokens.AccessExpires, now.Add(tc.want))
		}
		next, err := f.accounts.Refresh(ctx, accounts.RefreshInput{Token: res.Tokens.Refresh, AccessTTL: tc.ttl})
		if err != nil {
			t.Fatal(err)
		}
		if !next.AccessExpires.Equal(now.Add(tc.want)) {
			t.Errorf("refresh with %v: access expires %v, want %v", tc.ttl, next.AccessExpires, now.Add(tc.want))
		}
	}
}

// The caller of a use case carries its role, for the rules that depend on
// it.
func TestPrincipalCarriesTheRole(t *testing.T) {
	f := newFixture(t)
	f.verifiedUser(t, "ada")
	ctx := context.Background()
	res, err := f.accounts.Login(ctx, accounts.LoginInput{Identifier: "ada", Password: "Secret123"})
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := f.accounts.Authenticate(ctx, res.Tokens.Access)
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != user.RoleCreator {
		t.Fatalf("role %q, want %q", p.Role, user.RoleCreator)
	}
}
