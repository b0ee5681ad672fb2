package memory_test

import (
	"testing"

	"github.com/stagecast/stagecast/app"

	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/adapters/storetest"
	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

func TestUsers(t *testing.T) {
	storetest.TestUsers(t, func(*testing.T) user.Repository { return memory.NewUsers() })
}

func TestCodes(t *testing.T) {
	storetest.TestCodes(t, func(*testing.T) (user.Repository, user.Codes) {
		s := memory.New()
		return s.Users(), s.Codes()
	})
}

func TestSessions(t *testing.T) {
	storetest.TestSessions(t, func(*testing.T) (user.Repository, session.Repository) {
		s := memory.New()
		return s.Users(), s.Sessions()
	})
}

func TestSessionHolders(t *testing.T) {
	storetest.TestSessionHolders(t, func(*testing.T) (user.Repository, session.Repository, app.SessionHolders) {
		s := memory.New()
		return s.Users(), s.Sessions(), s.SessionHolders()
	})
}

func TestVideos(t *testing.T) {
	storetest.TestVideos(t, func(*testing.T) (user.Repository, video.Repository) {
		s := memory.New()
		return s.Users(), s.Videos()
	})
}

func TestHistory(t *testing.T) {
	storetest.TestHistory(t, func(*testing.T) (user.Repository, video.Repository, video.History) {
		s := memory.New()
		return s.Users(), s.Videos(), s.History()
	})
}

func TestTrash(t *testing.T) {
	storetest.TestTrash(t, func(*testing.T) media.Trash { return memory.NewTrash() })
}

func TestSignups(t *testing.T) {
	storetest.TestSignups(t, func(*testing.T) storetest.SignupStore {
		s := memory.New()
		return storetest.SignupStore{Users: s.Users(), Codes: s.Codes(), Signups: s.Signups()}
	})
}

func TestUserUpdates(t *testing.T) {
	storetest.TestUserUpdates(t, func(*testing.T) user.Repository { return memory.NewUsers() })
}

func TestVideoUpdates(t *testing.T) {
	storetest.TestVideoUpdates(t, func(*testing.T) (user.Repository, video.Repository) {
		s := memory.New()
		return s.Users(), s.Videos()
	})
}

// newSocial returns the repositories of a fresh Store, for the suites of
// the social ports.
func newSocial(*testing.T) storetest.Social {
	s := memory.New()
	return storetest.Social{
		Users: s.Users(), Videos: s.Videos(), History: s.History(),
		Follows: s.Follows(), Likes: s.Likes(), Comments: s.Comments(), Posts: s.Posts(), Playlists: s.Playlists(),
		Records: s.VideoRecords(), Figures: s.FigureReader(), Pages: s.VideoPages(), Histories: s.HistoryPages(), FollowPages: s.FollowPages(),
		CommentPages: s.CommentPages(), PostPages: s.PostPages(), PlaylistPages: s.PlaylistPages(), LikedPages: s.LikedPages(),
	}
}

func TestFollows(t *testing.T)     { storetest.TestFollows(t, newSocial) }
func TestLikes(t *testing.T)       { storetest.TestLikes(t, newSocial) }
func TestComments(t *testing.T)    { storetest.TestComments(t, newSocial) }
func TestPosts(t *testing.T)       { storetest.TestPosts(t, newSocial) }
func TestPlaylists(t *testing.T)   { storetest.TestPlaylists(t, newSocial) }
func TestVideoSocial(t *testing.T) { storetest.TestVideoSocial(t, newSocial) }
func TestUserSearch(t *testing.T)  { storetest.TestUserSearch(t, newSocial) }

func TestVideoRecords(t *testing.T) { storetest.TestVideoRecords(t, newSocial) }

func TestHistoryPages(t *testing.T)  { storetest.TestHistoryPages(t, newSocial) }
func TestFollowPages(t *testing.T)   { storetest.TestFollowPages(t, newSocial) }
func TestFiguredPages(t *testing.T)  { storetest.TestFiguredPages(t, newSocial) }
func TestPlaylistPages(t *testing.T) { storetest.TestPlaylistPages(t, newSocial) }
func TestFigureReader(t *testing.T)  { storetest.TestFigureReader(t, newSocial) }

func TestVideoPages(t *testing.T) { storetest.TestVideoPages(t, newSocial) }
