package profiles

import (
	"context"
	"unicode/utf8"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// Profile is a user's public page: the account with its figures, as the
// caller sees it.
type Profile struct {
	User         *user.User
	Followers    int64
	Following    int64
	TotalViews   int64 // over the user's published videos
	TotalLikes   int64 // likes of the user's published videos
	FollowedByMe bool
}

// ProfileOf shows the profile of the account with that username. Accounts
// still to be verified exist only for themselves.
func (s *Service) ProfileOf(ctx context.Context, p app.Principal, username string) (Profile, error) {
	name, err := user.ParseUsername(username)
	if err != nil {
		return Profile{}, user.ErrNotFound
	}
	u, err := s.users.ByUsername(ctx, name)
	if err != nil {
		return Profile{}, err
	}
	if !u.VisibleTo(p.UserID) {
		return Profile{}, user.ErrNotFound
	}
	counts, err := s.follows.Counts(ctx, []id.ID{u.ID()})
	if err != nil {
		return Profile{}, err
	}
	totals, err := s.videos.Totals(ctx, u.ID(), true)
	if err != nil {
		return Profile{}, err
	}
	likes, err := s.likes.OnVideosOf(ctx, u.ID(), true)
	if err != nil {
		return Profile{}, err
	}
	followed, err := s.follows.Follows(ctx, p.UserID, []id.ID{u.ID()})
	if err != nil {
		return Profile{}, err
	}
	c := counts[u.ID()]
	return Profile{
		User: u, Followers: c.Followers, Following: c.Following,
		TotalViews: totals.Views, TotalLikes: likes, FollowedByMe: followed[u.ID()],
	}, nil
}

// MaxSearchLen bounds a user search, in characters: no name or username
// is longer.
const MaxSearchLen = user.MaxNameLen

// ErrSearchTooLong answers a longer search.
var ErrSearchTooLong = errs.Define(errs.Invalid, "profiles.search_too_long", "Search query must be at most 100 characters").ForField("query")

// SearchUsers finds verified accounts whose name or username holds the
// text, literally and whatever the case. Empty text finds nobody.
func (s *Service) SearchUsers(ctx context.Context, text string, page, limit int) ([]*user.User, error) {
	if utf8.RuneCountInString(text) > MaxSearchLen {
		return nil, ErrSearchTooLong
	}
	if text == "" {
		return []*user.User{}, nil
	}
	return s.users.Search(ctx, text, list.Window{Page: page, Limit: limit}.Normal())
}

// Stats are a creator's own figures.
type Stats struct {
	Videos    int64 // every video, published or not
	Views     int64
	Followers int64
	Likes     int64 // likes of every video
}

// DashboardStats sums up the caller's channel.
func (s *Service) DashboardStats(ctx context.Context, p app.Principal) (Stats, error) {
	totals, err := s.videos.Totals(ctx, p.UserID, false)
	if err != nil {
		return Stats{}, err
	}
	counts, err := s.follows.Counts(ctx, []id.ID{p.UserID})
	if err != nil {
		return Stats{}, err
	}
	likes, err := s.likes.OnVideosOf(ctx, p.UserID, false)
	if err != nil {
		return Stats{}, err
	}
	return Stats{Videos: totals.Videos, Views: totals.Views, Followers: counts[p.UserID].Followers, Likes: likes}, nil
}
