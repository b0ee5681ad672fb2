package memory

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
)

// figures reads list figures from the store's users and likes, one after
// the other; the SQL stores read them in one statement.
type figures struct{ s *Store }

var _ app.FigureReader = figures{}

func (f figures) Figures(ctx context.Context, viewer id.ID, k like.Kind, items []app.Item) ([]app.Figures, error) {
	targets := make([]id.ID, len(items))
	owners := make([]id.ID, len(items))
	for i, it := range items {
		targets[i], owners[i] = it.ID, it.Owner
	}
	authors, err := f.s.users.ByIDs(ctx, owners)
	if err != nil {
		return nil, err
	}
	counts, liked, err := f.s.likes.Figures(ctx, viewer, k, targets)
	if err != nil {
		return nil, err
	}
	out := make([]app.Figures, len(items))
	for i, it := range items {
		out[i] = app.Figures{Owner: authors[it.Owner], Likes: counts[it.ID], Liked: liked[it.ID]}
	}
	return out, nil
}

// FigureReader returns the reader of list figures.
func (s *Store) FigureReader() app.FigureReader { return figures{s} }

// VideoPages returns the reader of pages of videos with their figures,
// which reads the page and then its figures.
func (s *Store) VideoPages() app.VideoPages { return app.VideoPagesOf(s.Videos(), s.FigureReader()) }

// LikedPages returns the reader of liked videos with their owners, which
// reads the likes, the videos and the owners in turn.
func (s *Store) LikedPages() app.LikedPages {
	return app.LikedPagesOf(s.Likes(), s.Videos(), s.Users())
}

// HistoryPages returns the reader of watch history pages with their
// videos' owners, reading the page and then its owners.
func (s *Store) HistoryPages() app.HistoryPages { return app.HistoryPagesOf(s.History(), s.Users()) }

// FollowPages returns the reader of follow lists with the accounts they
// show, composed of the follows and the users.
func (s *Store) FollowPages() app.FollowPages { return app.FollowPagesOf(s.Follows(), s.Users()) }

// CommentPages returns the reader of pages of comments with their figures,
// composed of the comments and the figures.
func (s *Store) CommentPages() app.CommentPages {
	return app.CommentPagesOf(s.Comments(), s.FigureReader())
}

// PostPages returns the reader of pages of posts with their figures,
// composed of the posts and the figures.
func (s *Store) PostPages() app.PostPages { return app.PostPagesOf(s.Posts(), s.FigureReader()) }

// PlaylistPages returns the reader of playlist pages, composed of the
// playlists and the users.
func (s *Store) PlaylistPages() app.PlaylistPages {
	return app.PlaylistPagesOf(s.Playlists(), s.Users())
}
