package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// TestFollowPages checks an app.FollowPages: each page, its total and
// more, and the accounts on its other side are what the follows'
// Followers and Following and the users' public profiles answer, in both
// orders, offset and keyset pages, empty lists and pages past the end
// included; the subject is the user's account, and an unknown user is
// user.ErrNotFound.
func TestFollowPages(t *testing.T, newStore func(t *testing.T) Social) {
	s := newStore(t)
	us := mustUsers(t, s, 1, 2, 3, 4, 5, 6, 7)
	star, fan, loner := us[0], us[1], us[6]
	// Everyone but the loner follows the star, two of them at the same
	// instant; the fan follows everyone but the loner.
	for i, u := range us[1:6] {
		mustFollow(t, s, 200+i, u, star, time.Duration(min(i, 3))*time.Second)
	}
	for i, u := range us[2:6] {
		mustFollow(t, s, 210+i, fan, u, time.Duration(10+i)*time.Second)
	}
	profile := func(u *user.User) string {
		return fmt.Sprintf("%s %q %q %q", u.ID(), u.Username(), u.Name(), u.ProfileImage())
	}
	profiles := map[id.ID]string{}
	for _, u := range us {
		got, err := s.Users.ByID(t.Context(), u)
		mustNil(t, err, "ByID")
		profiles[u] = profile(got)
	}
	lists := []struct {
		name  string
		read  func(context.Context, follow.Query) (list.Page[follow.Follow], error)
		pages func(context.Context, follow.Query) (app.FollowList, error)
		other func(follow.Follow) id.ID
	}{
		{"followers", s.Follows.Followers, s.FollowPages.FollowersPage, func(f follow.Follow) id.ID { return f.Follower }},
		{"following", s.Follows.Following, s.FollowPages.FollowingPage, func(f follow.Follow) id.ID { return f.Following }},
	}
	for _, l := range lists {
		for _, subject := range []id.ID{star, fan, loner} {
			for _, desc := range []bool{true, false} {
				for _, limit := range []int{1, 2, 10} {
					for page := 1; page <= 6; page++ {
						q := follow.Query{User: subject, Desc: desc, Window: list.Window{Page: page, Limit: limit}}
						checkFollowPage(t, l.name, q, l.read, l.pages, s, l.other, profiles)
					}
					// Keyset pages from each follow of the list.
					all, err := l.read(t.Context(), follow.Query{User: subject, Desc: desc, Window: list.Window{Limit: 10}})
					mustNil(t, err, l.name)
					for _, f := range all.Items {
						q := follow.Query{User: subject, Desc: desc, Window: list.Window{Limit: limit, After: &list.Position{At: f.CreatedAt, ID: f.ID}}}
						checkFollowPage(t, l.name, q, l.read, l.pages, s, l.other, profiles)
					}
				}
			}
		}
		_, err := l.pages(t.Context(), follow.Query{User: testID(99), Window: list.Window{Limit: 10}})
		wantIs(t, err, user.ErrNotFound, l.name+" of an unknown user")
	}
}

// checkFollowPage compares one page of pages with read's and the profiles.
func checkFollowPage(t *testing.T, name string, q follow.Query,
	read func(context.Context, follow.Query) (list.Page[follow.Follow], error),
	pages func(context.Context, follow.Query) (app.FollowList, error),
	s Social, other func(follow.Follow) id.ID, profiles map[id.ID]string,
) {
	t.Helper()
	where := fmt.Sprintf("%s of %s, desc %v, page %d, limit %d, after %v", name, q.User, q.Desc, q.Page, q.Limit, q.After != nil)
	want, err := read(t.Context(), q)
	mustNil(t, err, where)
	got, err := pages(t.Context(), q)
	mustNil(t, err, where)
	stored, err := s.Users.ByID(t.Context(), q.User)
	mustNil(t, err, where)
	if got.Subject == nil || got.Subject.ID() != q.User || got.Subject.Verified() != stored.Verified() {
		t.Fatalf("%s: subject %v, want the account %s", where, got.Subject, q.User)
	}
	if got.Total != want.Total || got.More != want.More || len(got.Items) != len(want.Items) || len(got.Others) != len(got.Items) {
		t.Fatalf("%s: %d items, %d others, total %d, more %v; want %d items, total %d, more %v",
			where, len(got.Items), len(got.Others), got.Total, got.More, len(want.Items), want.Total, want.More)
	}
	for i, f := range got.Items {
		wantSameFollow(t, f, want.Items[i])
		o := got.Others[i]
		if o == nil {
			t.Fatalf("%s, item %d: no account on the other side", where, i)
		}
		if p := fmt.Sprintf("%s %q %q %q", o.ID(), o.Username(), o.Name(), o.ProfileImage()); p != profiles[other(f)] {
			t.Fatalf("%s, item %d: other side %s, want %s", where, i, p, profiles[other(f)])
		}
	}
}
