package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stagecast/stagecast/app/social"
	"github.com/stagecast/stagecast/domain/user"
)

// The follow lists of an account still to be verified are not found: for
// everyone else it does not exist yet, as on its profile.
func TestFollowListsHideUnverifiedAccounts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.principal(t, "ada")
	if err := f.accounts.Register(ctx, registerInput("cy")); err != nil {
		t.Fatal(err)
	}
	cy, err := f.store.Users().ByUsername(ctx, "cy")
	if err != nil {
		t.Fatal(err)
	}
	in := social.FollowListInput{Page: 1, Limit: 10, Desc: true}
	if _, err := f.social.Followers(ctx, cy.ID(), in); !errors.Is(err, user.ErrNotFound) {
		t.Errorf("followers: %v", err)
	}
	if _, err := f.social.Following(ctx, cy.ID(), in); !errors.Is(err, user.ErrNotFound) {
		t.Errorf("following: %v", err)
	}
}
