package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stagecast/stagecast/app/posts"
	"github.com/stagecast/stagecast/app/social"
	"github.com/stagecast/stagecast/domain/user"
)

// An account still to be verified does not exist for anyone else yet:
// every use case that names a user by id answers "not found", so that
// none tells it apart from an id nobody has.
func TestUnverifiedAccountsAreNotFoundByID(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ada := f.principal(t, "ada")
	if err := f.accounts.Register(ctx, registerInput("cy")); err != nil {
		t.Fatal(err)
	}
	cy, err := f.store.Users().ByUsername(ctx, "cy")
	if err != nil {
		t.Fatal(err)
	}
	in := social.FollowListInput{Page: 1, Limit: 10, Desc: true}
	for name, err := range map[string]error{
		"followers": second(f.social.Followers(ctx, ada, cy.ID(), in)),
		"following": second(f.social.Following(ctx, ada, cy.ID(), in)),
		"follow":    second(f.social.ToggleFollow(ctx, ada, cy.ID())),
		"posts":     second(f.posts.UserPosts(ctx, ada, cy.ID(), posts.ListInput{})),
		"playlists": second(f.playlists.UserPlaylists(ctx, ada, cy.ID(), 1, 10)),
		"profile":   second(f.profiles.ProfileOf(ctx, ada, "cy")),
	} {
		if !errors.Is(err, user.ErrNotFound) {
			t.Errorf("%s: %v, want user not found", name, err)
		}
	}
}
