package app

import (
	"context"
	"math"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
)

// VideoDetail is a video as its page shows it.
type VideoDetail struct {
	VideoView
	OwnerFollowers int64 // people following the owner
	CallerFollows  bool  // whether the caller follows the owner
	Likes          int64
	CallerLiked    bool
}

// GetVideo shows a video to the caller. A viewer other than the owner adds
// a view, counted at most once per viewing window; every viewer's watch
// history records it.
func (a *App) GetVideo(ctx context.Context, p Principal, videoID id.ID) (VideoDetail, error) {
	v, err := a.visibleVideo(ctx, p, videoID)
	if err != nil {
		return VideoDetail{}, err
	}
	now := a.now()
	if !v.OwnedBy(p.UserID) {
		_, views, err := a.videos.RecordView(ctx, v.ID(), p.UserID, now, a.set.ViewWindow)
		if err != nil {
			return VideoDetail{}, err
		}
		v.SetViews(views)
	}
	if err := a.history.Touch(ctx, p.UserID, v.ID(), now); err != nil {
		return VideoDetail{}, err
	}
	owner, err := a.users.ByID(ctx, v.Owner())
	if err != nil {
		return VideoDetail{}, video.ErrNotFound.WithCause(err)
	}
	return VideoDetail{VideoView: VideoView{Video: v, Owner: owner}}, nil
}

// visibleVideo loads a video the caller may see: unpublished videos exist
// only for their owner.
func (a *App) visibleVideo(ctx context.Context, p Principal, videoID id.ID) (*video.Video, error) {
	v, err := a.videos.ByID(ctx, videoID)
	if err != nil {
		return nil, err
	}
	if !v.VisibleTo(p.UserID) {
		return nil, video.ErrNotFound
	}
	return v, nil
}

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
func (a *App) ListVideos(ctx context.Context, in ListInput) (VideoPage, error) {
	return a.listVideos(ctx, in, true)
}

// MyVideos lists the caller's videos, published or not, newest first.
func (a *App) MyVideos(ctx context.Context, p Principal, page, limit int, cursor string) (VideoPage, error) {
	return a.listVideos(ctx, ListInput{Page: page, Limit: limit, Owner: p.UserID, Sort: video.SortCreatedAt, Desc: true, Cursor: cursor}, false)
}

func (a *App) listVideos(ctx context.Context, in ListInput, publishedOnly bool) (VideoPage, error) {
	if in.Sort == "" {
		in.Sort, in.Desc = video.SortCreatedAt, true
	}
	in.Limit = min(max(in.Limit, 1), video.MaxLimit)
	in.Page = max(in.Page, 1)
	q := video.Query{
		Owner: in.Owner, PublishedOnly: publishedOnly, Search: in.Search,
		Sort: in.Sort, Desc: in.Desc, Limit: in.Limit, Page: in.Page,
	}
	if in.Cursor != "" {
		pos, err := a.decodeCursor(in.Cursor, in.Sort, in.Desc)
		if err != nil {
			return VideoPage{}, err
		}
		q.After = &pos
	}
	page, err := a.videos.List(ctx, q)
	if err != nil {
		return VideoPage{}, err
	}
	out := VideoPage{Total: page.Total, Page: in.Page, Limit: in.Limit}
	if out.Items, err = a.withOwners(ctx, page.Items); err != nil {
		return VideoPage{}, err
	}
	if page.More && len(page.Items) > 0 {
		out.NextCursor = a.encodeCursor(video.PositionOf(page.Items[len(page.Items)-1]), in.Sort, in.Desc)
	}
	return out, nil
}

// withOwners pairs videos with their owners, read in one step.
func (a *App) withOwners(ctx context.Context, vs []*video.Video) ([]VideoView, error) {
	ids := make([]id.ID, 0, len(vs))
	for _, v := range vs {
		ids = append(ids, v.Owner())
	}
	owners, err := a.users.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]VideoView, len(vs))
	for i, v := range vs {
		out[i] = VideoView{Video: v, Owner: owners[v.Owner()]}
	}
	return out, nil
}

// videoCursor is the decoded form of a video list's cursor. It names the
// order it was made for, so that a cursor of one order is refused by
// another.
type videoCursor struct {
	Sort  video.SortField `json:"s"`
	Desc  bool            `json:"d"`
	ID    id.ID           `json:"i"`
	Time  int64           `json:"t,omitempty"` // createdAt, Unix milliseconds
	Views int64           `json:"v,omitempty"`
	Dur   float64         `json:"u,omitempty"`
	Title string          `json:"n,omitempty"`
}

func (a *App) encodeCursor(p video.Position, sort video.SortField, desc bool) string {
	c := videoCursor{Sort: sort, Desc: desc, ID: p.ID}
	switch sort {
	case video.SortCreatedAt:
		c.Time = p.CreatedAt.UnixMilli()
	case video.SortViews:
		c.Views = p.Views
	case video.SortDuration:
		c.Dur = p.Duration
	case video.SortTitle:
		c.Title = p.Title
	}
	return a.sealCursor(c)
}

// maxCursorTime is the last millisecond of year 9999: every store can
// compare with any instant up to it.
const maxCursorTime = 253402300799999

// decodeCursor opens a cursor and checks every value it carries against
// what a real position can hold, so that even a cursor signed with a
// leaked key cannot take a store out of its range.
func (a *App) decodeCursor(s string, sort video.SortField, desc bool) (video.Position, error) {
	var c videoCursor
	if err := a.openCursor(s, &c); err != nil {
		return video.Position{}, err
	}
	switch {
	case c.Sort != sort, c.Desc != desc, !id.Valid(string(c.ID)),
		c.Time < 0, c.Time > maxCursorTime, c.Views < 0,
		math.IsNaN(c.Dur), math.IsInf(c.Dur, 0), c.Dur < 0,
		!text.Storable(c.Title), len(c.Title) > 4*video.MaxTitleLen:
		return video.Position{}, ErrBadCursor
	}
	return video.Position{
		ID: c.ID, CreatedAt: time.UnixMilli(c.Time).UTC(), Views: c.Views, Duration: c.Dur, Title: c.Title,
	}, nil
}
