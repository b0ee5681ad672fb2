package social

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// ToggleFollow follows the user when the caller does not follow them yet,
// and unfollows them otherwise; it returns whether the caller follows them
// afterwards. Accounts still to be verified cannot be followed: they are
// not found, as everywhere else for other users.
func (s *Service) ToggleFollow(ctx context.Context, p app.Principal, target id.ID) (bool, error) {
	if _, err := app.VisibleUser(ctx, s.users, p.UserID, target); err != nil {
		return false, err
	}
	f, err := follow.New(s.ids.New(), p.UserID, target, s.now())
	if err != nil {
		return false, err
	}
	removed, err := s.follows.Remove(ctx, p.UserID, target)
	if err != nil || removed {
		return false, err
	}
	if _, err := s.follows.Add(ctx, f); err != nil {
		return false, err
	}
	return true, nil
}

// FollowView is one entry of a followers or following list: the follow and
// the user on its other end (nil when the account is gone), of whom a
// store may read the public profile only (see app.FollowPages).
type FollowView struct {
	Follow follow.Follow
	User   *user.User
}

// FollowListInput selects a page of a follow list, by follow time.
type FollowListInput struct {
	Page  int
	Limit int
	Desc  bool
}

// FollowPage is a page of a follow list.
type FollowPage struct {
	Items []FollowView
	Total int
	Page  int
	Limit int
}

// Followers lists the people following the user.
func (s *Service) Followers(ctx context.Context, p app.Principal, userID id.ID, in FollowListInput) (FollowPage, error) {
	return s.followList(ctx, p, userID, in, s.followPages.FollowersPage)
}

// Following lists the people the user follows.
func (s *Service) Following(ctx context.Context, p app.Principal, userID id.ID, in FollowListInput) (FollowPage, error) {
	return s.followList(ctx, p, userID, in, s.followPages.FollowingPage)
}

// followList reads the page with read, which reads the user's account
// with it: a user the caller may not see has no list, as no account.
func (s *Service) followList(ctx context.Context, p app.Principal, userID id.ID, in FollowListInput,
	read func(context.Context, follow.Query) (app.FollowList, error),
) (FollowPage, error) {
	w := list.Window{Page: in.Page, Limit: in.Limit}.Normal()
	res, err := read(ctx, follow.Query{User: userID, Desc: in.Desc, Window: w})
	if err != nil {
		return FollowPage{}, err
	}
	if !res.Subject.VisibleTo(p.UserID) {
		return FollowPage{}, user.ErrNotFound
	}
	out := FollowPage{Items: make([]FollowView, len(res.Items)), Total: res.Total, Page: w.Page, Limit: w.Limit}
	for i, f := range res.Items {
		out.Items[i] = FollowView{Follow: f, User: res.Others[i]}
	}
	return out, nil
}
