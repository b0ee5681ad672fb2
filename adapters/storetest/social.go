package storetest

import (
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Social is one store's repositories for the suites of follows, likes,
// comments, posts and playlists, which point at each other's rows: a
// factory returns fresh, empty repositories that share one store.
type Social struct {
	Users     user.Repository
	Videos    video.Repository
	History   video.History
	Follows   follow.Repository
	Likes     like.Repository
	Comments  comment.Repository
	Posts     post.Repository
	Playlists playlist.Repository
	// Records reads video pages from the repositories above.
	Records app.VideoRecords
	// Figures reads list figures from the repositories above.
	Figures app.FigureReader
	// Pages reads pages of videos with their figures from the
	// repositories above.
	Pages app.VideoPages
	// Histories reads watch history pages with their owners from the
	// repositories above.
	Histories app.HistoryPages
	// FollowPages reads follow lists with their accounts from the
	// repositories above.
	FollowPages app.FollowPages
	// CommentPages and PostPages read pages with their figures from the
	// repositories above.
	CommentPages app.CommentPages
	PostPages    app.PostPages
	// PlaylistPages reads playlist pages from the repositories above.
	PlaylistPages app.PlaylistPages
	// LikedPages reads liked videos with their owners from the
	// repositories above.
	LikedPages app.LikedPages
}
