package videos

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/video"
)

// ListInput selects a page of videos.
type ListInput struct {
	Page   int
	Limit  int
	Search string
	Sort   video.SortField
	Desc   bool
	Owner  id.ID  // only this owner's videos, when set
	Cursor string // opaque; continues a previous page
	// followedBy keeps the videos of the people this user follows.
	followedBy id.ID
}

// VideoPage is a page of videos with their owners.
type VideoPage struct {
	Items      []VideoView
	Total      int
	Page       int
	Limit      int
	NextCursor string // "" at the end
}

// ListVideos lists published videos.
func (s *Service) ListVideos(ctx context.Context, p app.Principal, in ListInput) (VideoPage, error) {
	return s.listVideos(ctx, p, in, true)
}

// MyVideos lists the caller's videos, published or not, newest first.
func (s *Service) MyVideos(ctx context.Context, p app.Principal, page, limit int, cursor string) (VideoPage, error) {
	return s.listVideos(ctx, p, ListInput{Page: page, Limit: limit, Owner: p.UserID, Sort: video.SortCreatedAt, Desc: true, Cursor: cursor}, false)
}

// SubscriptionFeed lists the published videos of the people the caller
// follows, newest first.
func (s *Service) SubscriptionFeed(ctx context.Context, p app.Principal, page, limit int, cursor string) (VideoPage, error) {
	return s.listVideos(ctx, p, ListInput{Page: page, Limit: limit, Sort: video.SortCreatedAt, Desc: true, Cursor: cursor, followedBy: p.UserID}, true)
}

func (s *Service) listVideos(ctx context.Context, p app.Principal, in ListInput, publishedOnly bool) (VideoPage, error) {
	if in.Sort == "" {
		in.Sort, in.Desc = video.SortCreatedAt, true
	}
	if utf8.RuneCountInString(in.Search) > video.MaxSearchLen {
		return VideoPage{}, video.ErrSearchTooLong
	}
	in.Limit = min(max(in.Limit, 1), video.MaxLimit)
	in.Page = max(in.Page, 1)
	q := video.Query{
		Owner: in.Owner, FollowedBy: in.followedBy, PublishedOnly: publishedOnly, Search: in.Search,
		Sort: in.Sort, Desc: in.Desc, Limit: in.Limit, Page: in.Page,
	}
	if in.Cursor != "" {
		pos, err := s.decodeCursor(in.Cursor, in.Sort, in.Desc)
		if err != nil {
			return VideoPage{}, err
		}
		q.After = &pos
	}
	// No page of videos shows whether the caller liked each (only a
	// video's own page does, see GetVideo): the figures are read for no
	// viewer, which spares the store a lookup per item, and Liked stays
	// false.
	page, figs, err := s.pages.ListFigured(ctx, q, "")
	if err != nil {
		return VideoPage{}, err
	}
	out := VideoPage{Total: page.Total, Page: in.Page, Limit: in.Limit}
	if out.Items, err = viewsOf(page.Items, figs); err != nil {
		return VideoPage{}, err
	}
	if page.More && len(page.Items) > 0 {
		out.NextCursor = s.encodeCursor(video.PositionOf(page.Items[len(page.Items)-1]), in.Sort, in.Desc)
	}
	return out, nil
}

// withOwners pairs videos with their owners, in one read whatever their
// number (at most list.MaxIDs). A video just updated, which uses it, shows
// no like figures, so none are read: Likes and Liked stay zero.
func (s *Service) withOwners(ctx context.Context, vs []*video.Video) ([]VideoView, error) {
	owners, err := app.OwnersOf(ctx, s.users, vs)
	if err != nil {
		return nil, err
	}
	out := make([]VideoView, len(vs))
	for i, v := range vs {
		out[i] = VideoView{Video: v, Owner: owners[i]} // nil for an account that is gone
	}
	return out, nil
}

// viewsOf pairs each video with its figures, given in the same order.
func viewsOf(vs []*video.Video, figs []app.Figures) ([]VideoView, error) {
	if len(figs) != len(vs) {
		return nil, errs.New(errs.Internal, fmt.Sprintf("videos: %d figures for %d videos", len(figs), len(vs)))
	}
	out := make([]VideoView, len(vs))
	for i, v := range vs {
		out[i] = VideoView{Video: v, Owner: figs[i].Owner, Likes: figs[i].Likes, Liked: figs[i].Liked}
	}
	return out, nil
}

// viewOf pairs a video with its owner.
func (s *Service) viewOf(ctx context.Context, v *video.Video) (VideoView, error) {
	views, err := s.withOwners(ctx, []*video.Video{v})
	if err != nil {
		return VideoView{}, err
	}
	return views[0], nil
}

// LikedVideos lists the videos the caller liked and may see, most recently
// liked first.
func (s *Service) LikedVideos(ctx context.Context, p app.Principal, page, limit int) ([]VideoView, error) {
	vs, owners, err := s.liked.LikedPage(ctx, p.UserID, list.Window{Page: page, Limit: limit}.Normal())
	if err != nil {
		return nil, err
	}
	if len(owners) != len(vs) {
		return nil, errs.New(errs.Internal, fmt.Sprintf("videos: %d owners for %d liked videos", len(owners), len(vs)))
	}
	out := make([]VideoView, 0, len(vs))
	for i, v := range vs {
		// The store selects what the caller may see; the core checks it.
		if v.VisibleTo(p.UserID) {
			out = append(out, VideoView{Video: v, Owner: owners[i]}) // nil for an account that is gone
		}
	}
	return out, nil
}
