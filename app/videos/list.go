package videos

import (
	"context"
	"unicode/utf8"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
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
func (s *Service) ListVideos(ctx context.Context, in ListInput) (VideoPage, error) {
	return s.listVideos(ctx, in, true)
}

// MyVideos lists the caller's videos, published or not, newest first.
func (s *Service) MyVideos(ctx context.Context, p app.Principal, page, limit int, cursor string) (VideoPage, error) {
	return s.listVideos(ctx, ListInput{Page: page, Limit: limit, Owner: p.UserID, Sort: video.SortCreatedAt, Desc: true, Cursor: cursor}, false)
}

func (s *Service) listVideos(ctx context.Context, in ListInput, publishedOnly bool) (VideoPage, error) {
	if in.Sort == "" {
		in.Sort, in.Desc = video.SortCreatedAt, true
	}
	if utf8.RuneCountInString(in.Search) > video.MaxSearchLen {
		return VideoPage{}, video.ErrSearchTooLong
	}
	in.Limit = min(max(in.Limit, 1), video.MaxLimit)
	in.Page = max(in.Page, 1)
	q := video.Query{
		Owner: in.Owner, PublishedOnly: publishedOnly, Search: in.Search,
		Sort: in.Sort, Desc: in.Desc, Limit: in.Limit, Page: in.Page,
	}
	if in.Cursor != "" {
		pos, err := s.decodeCursor(in.Cursor, in.Sort, in.Desc)
		if err != nil {
			return VideoPage{}, err
		}
		q.After = &pos
	}
	page, err := s.videos.List(ctx, q)
	if err != nil {
		return VideoPage{}, err
	}
	out := VideoPage{Total: page.Total, Page: in.Page, Limit: in.Limit}
	if out.Items, err = s.withOwners(ctx, page.Items); err != nil {
		return VideoPage{}, err
	}
	if page.More && len(page.Items) > 0 {
		out.NextCursor = s.encodeCursor(video.PositionOf(page.Items[len(page.Items)-1]), in.Sort, in.Desc)
	}
	return out, nil
}

// withOwners pairs videos with their owners, read in one step.
func (s *Service) withOwners(ctx context.Context, vs []*video.Video) ([]VideoView, error) {
	ids := make([]id.ID, 0, len(vs))
	for _, v := range vs {
		ids = append(ids, v.Owner())
	}
	owners, err := s.users.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]VideoView, len(vs))
	for i, v := range vs {
		out[i] = VideoView{Video: v, Owner: owners[v.Owner()]}
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
