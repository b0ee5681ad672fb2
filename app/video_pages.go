package app

import (
	"context"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

// VideoPages reads a page of videos together with the figures shown
// beside each (see FigureReader): the lists of videos are the most read
// pages, and a store that can answer both in one read spares a round
// trip on each.
type VideoPages interface {
	// ListFigured returns the page q selects, as video.Repository.List
	// does, and its items' figures as viewer sees them, in the items'
	// order.
	ListFigured(ctx context.Context, q video.Query, viewer id.ID) (video.Page, []Figures, error)
}

// VideoPagesOf reads the page and then its figures, for stores that have
// no single read for both.
func VideoPagesOf(videos video.Repository, figures FigureReader) VideoPages {
	return composedPages{videos: videos, figures: figures}
}

// composedPages is VideoPagesOf's reader: two reads, the page's and its
// figures'.
type composedPages struct {
	videos  video.Repository
	figures FigureReader
}

// ListFigured reads the page, then its figures.
func (c composedPages) ListFigured(ctx context.Context, q video.Query, viewer id.ID) (video.Page, []Figures, error) {
	page, err := c.videos.List(ctx, q)
	if err != nil {
		return video.Page{}, nil, err
	}
	figs, err := ReadFigures(ctx, c.figures, viewer, like.OnVideo, page.Items)
	if err != nil {
		return video.Page{}, nil, err
	}
	return page, figs, nil
}
