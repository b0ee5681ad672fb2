// Package videos holds the use cases of videos: creating one from uploads,
// showing and listing them, changing, publishing and deleting them, and
// each viewer's watch history.
//
// Writes that span aggregates (deleting a video deletes what others hold
// of it: watch-history entries, likes, comments with their likes, and
// playlist entries) are orchestrated here, not in the stores, as idempotent
// steps in dependency order: dependents first, the video last. Each step
// can run again, so a crash or a failure half-way leaves a video that is
// still there and still deletable, and the retry finishes the job; a
// dependent that arrives while the steps run makes the store refuse the
// video (video.ErrInUse), and the steps run again. A unit-of-work port
// was the other way; it was not taken because not every store can offer
// transactions across documents (MongoDB needs a replica set for them,
// and FerretDB has none), while every store can delete by a key.
//
// Comments and community posts go the other way, in one step each (see
// comment.Repository.Delete and post.Repository.Delete): what points at
// them is only their own likes and comments, which the stores remove with
// them, and they cannot be hidden first as a video is, so steps would let
// anyone who keeps liking or commenting hold a deletion up.
package videos

import (
	"context"

	"errors"
	"time"

	"github.com/stagecast/stagecast/domain/id"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Deps are the ports the video use cases need.
type Deps struct {
	Videos  video.Repository
	History video.History
	// Users reads the accounts that upload, and the owners shown with a
	// list of likes or a video just updated.
	Users user.Repository
	// HistoryPages reads a page of a watch history with its videos'
	// owners.
	HistoryPages app.HistoryPages
	// Records reads a video's page in one read.
	Records app.VideoRecords
	// Pages reads the lists of videos with their owners and like figures.
	Pages app.VideoPages
	// LikedPages reads the videos a user liked with their owners.
	LikedPages app.LikedPages
	// Likes goes with a deleted video.
	Likes like.Repository
	// Comments and Playlists hold what a deleted video leaves behind.
	Comments  *comments.Service
	Playlists playlist.Repository
	// Uploads claims and discards the videos' files.
	Uploads *uploads.Service
	Clock   app.Clock
	IDs     app.IDs
	// Events, when set, hears of videos that others may no longer see:
	// live delivery.
	Events Events
}

// hidden tells Events that a video is hidden from everyone but its owner.
func (s *Service) hidden(ctx context.Context, v *video.Video) {
	if s.events != nil {
		s.events.Hidden(context.WithoutCancel(ctx), v.ID(), v.Owner())
	}
}

// Events hears of a video hidden from everyone but its owner, once the
// change is stored. Its method must not block.
type Events interface {
	Hidden(ctx context.Context, videoID, owner id.ID)
}

// Settings are the rules of videos.
type Settings struct {
	// ViewWindow is how long one viewer's repeated views of a video count once.
	ViewWindow time.Duration
	// CursorKey signs list cursors.
	CursorKey []byte
}

// Service runs the video use cases.
type Service struct {
	videos    video.Repository
	history   video.History
	users     user.Repository
	records   app.VideoRecords
	histories app.HistoryPages
	pages     app.VideoPages
	liked     app.LikedPages
	likes     like.Repository
	comments  *comments.Service
	playlists playlist.Repository
	uploads   *uploads.Service
	clock     app.Clock
	ids       app.IDs
	cursors   *app.Cursors
	set       Settings
	events    Events
}

// New checks the dependencies and settings and returns the service.
func New(d Deps, s Settings) (*Service, error) {
	if d.Videos == nil || d.History == nil || d.Users == nil || d.HistoryPages == nil || d.Records == nil || d.Pages == nil || d.LikedPages == nil || d.Likes == nil || d.Comments == nil || d.Playlists == nil || d.Uploads == nil || d.Clock == nil || d.IDs == nil {
		return nil, errors.New("videos: missing dependency")
	}
	if s.ViewWindow < 0 {
		return nil, errors.New("videos: the view window cannot be negative")
	}
	cursors, err := app.NewCursors(s.CursorKey)
	if err != nil {
		return nil, err
	}
	return &Service{
		videos: d.Videos, history: d.History, users: d.Users, records: d.Records, histories: d.HistoryPages, pages: d.Pages, liked: d.LikedPages, uploads: d.Uploads,
		likes: d.Likes, comments: d.Comments, playlists: d.Playlists,
		clock: d.Clock, ids: d.IDs, cursors: cursors, set: s, events: d.Events,
	}, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }
