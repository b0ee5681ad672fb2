package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// FollowPages reads a page of a user's followers, or of the people a user
// follows, together with all such a list shows and checks: the user's own
// account and the account on the other side of each follow. A store that
// answers it in one read spares two round trips on each visit.
type FollowPages interface {
	// FollowersPage returns q.User's account (user.ErrNotFound when there
	// is none), of which a store may read the public profile and whether
	// it is verified only; the page follow.Repository.Followers returns
	// for q; and the follower of each follow in the page's order: the
	// account, of which a store may read the public profile only (as
	// Figures.Owner), nil when it is gone.
	FollowersPage(ctx context.Context, q follow.Query) (FollowList, error)
	// FollowingPage is FollowersPage for the people q.User follows: each
	// follow's other side is the one followed.
	FollowingPage(ctx context.Context, q follow.Query) (FollowList, error)
}

// FollowList is a page of follows as FollowPages reads it.
type FollowList struct {
	// Subject is the user whose list it is.
	Subject *user.User
	list.Page[follow.Follow]
	// Others are the accounts on the other side of each follow, in the
	// page's order.
	Others []*user.User
}

// FollowPagesOf reads the user, the page and then the other sides, for
// stores that have no single read for all three.
func FollowPagesOf(follows follow.Repository, users user.Repository) FollowPages {
	return composedFollows{follows: follows, users: users}
}

// composedFollows is FollowPagesOf's reader.
type composedFollows struct {
	follows follow.Repository
	users   user.Repository
}

func (c composedFollows) FollowersPage(ctx context.Context, q follow.Query) (FollowList, error) {
	return c.read(ctx, q, c.follows.Followers, func(f follow.Follow) id.ID { return f.Follower })
}

func (c composedFollows) FollowingPage(ctx context.Context, q follow.Query) (FollowList, error) {
	return c.read(ctx, q, c.follows.Following, func(f follow.Follow) id.ID { return f.Following })
}

// read reads the subject, its page with read, and the accounts other
// names, in one read whatever their number.
func (c composedFollows) read(ctx context.Context, q follow.Query,
	read func(context.Context, follow.Query) (list.Page[follow.Follow], error), other func(follow.Follow) id.ID,
) (FollowList, error) {
	subject, err := c.users.ByID(ctx, q.User)
	if err != nil {
		return FollowList{}, err
	}
	page, err := read(ctx, q)
	if err != nil {
		return FollowList{}, err
	}
	ids := make([]id.ID, len(page.Items))
	for i, f := range page.Items {
		ids[i] = other(f)
	}
	byID, err := c.users.ByIDs(ctx, ids)
	if err != nil {
		return FollowList{}, err
	}
	out := FollowList{Subject: subject, Page: page, Others: make([]*user.User, len(ids))}
	for i, x := range ids {
		out.Others[i] = byID[x]
	}
	return out, nil
}
