package sqlstore

import (
	"testing"

	"github.com/stagecast/stagecast/app"

	"github.com/stagecast/stagecast/adapters/storetest"
	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// The contract suites, once per backend; each subtest gets a new database.

func TestUsers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestUsers(t, func(t *testing.T) user.Repository { return d.open(t).Users() })
	})
}

func TestCodes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestCodes(t, func(t *testing.T) (user.Repository, user.Codes) {
			db := d.open(t)
			return db.Users(), db.Codes()
		})
	})
}

func TestSessions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestSessions(t, func(t *testing.T) (user.Repository, session.Repository) {
			db := d.open(t)
			return db.Users(), db.Sessions()
		})
	})
}

func TestSessionHolders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestSessionHolders(t, func(t *testing.T) (user.Repository, session.Repository, app.SessionHolders) {
			db := d.open(t)
			return db.Users(), db.Sessions(), db.SessionHolders()
		})
	})
}

func TestVideos(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestVideos(t, func(t *testing.T) (user.Repository, video.Repository) {
			db := d.open(t)
			return db.Users(), db.Videos()
		})
	})
}

func TestHistory(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestHistory(t, func(t *testing.T) (user.Repository, video.Repository, video.History) {
			db := d.open(t)
			return db.Users(), db.Videos(), db.History()
		})
	})
}

func TestTrash(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestTrash(t, func(t *testing.T) media.Trash { return d.open(t).Trash() })
	})
}

func TestSignups(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestSignups(t, func(t *testing.T) storetest.SignupStore {
			db := d.open(t)
			return storetest.SignupStore{Users: db.Users(), Codes: db.Codes(), Signups: db.Signups()}
		})
	})
}

func TestUserUpdates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestUserUpdates(t, func(t *testing.T) user.Repository { return d.open(t).Users() })
	})
}

func TestVideoUpdates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		storetest.TestVideoUpdates(t, func(t *testing.T) (user.Repository, video.Repository) {
			db := d.open(t)
			return db.Users(), db.Videos()
		})
	})
}

// socialStore returns d's repositories for the suites of follows, likes,
// comments, posts and playlists, on one new database.
func socialStore(d backend) func(t *testing.T) storetest.Social {
	return func(t *testing.T) storetest.Social {
		db := d.open(t)
		return storetest.Social{
			Users: db.Users(), Videos: db.Videos(), History: db.History(),
			Follows: db.Follows(), Likes: db.Likes(), Comments: db.Comments(),
			Posts: db.Posts(), Playlists: db.Playlists(), Records: db.VideoRecords(), Figures: db.FigureReader(), Pages: db.VideoPages(), Histories: db.HistoryPages(), FollowPages: db.FollowPages(),
			CommentPages: db.CommentPages(), PostPages: db.PostPages(), PlaylistPages: db.PlaylistPages(), LikedPages: db.LikedPages(),
		}
	}
}

func TestFollows(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestFollows(t, socialStore(d)) })
}

func TestLikes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestLikes(t, socialStore(d)) })
}

func TestComments(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestComments(t, socialStore(d)) })
}

func TestPosts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestPosts(t, socialStore(d)) })
}

func TestPlaylists(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestPlaylists(t, socialStore(d)) })
}

func TestVideoSocial(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestVideoSocial(t, socialStore(d)) })
}

func TestUserSearch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestUserSearch(t, socialStore(d)) })
}

func TestFigureReader(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestFigureReader(t, socialStore(d)) })
}

func TestVideoPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestVideoPages(t, socialStore(d)) })
}

func TestFollowPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestFollowPages(t, socialStore(d)) })
}

func TestFiguredPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestFiguredPages(t, socialStore(d)) })
}

func TestPlaylistPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestPlaylistPages(t, socialStore(d)) })
}

func TestHistoryPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestHistoryPages(t, socialStore(d)) })
}

func TestVideoRecords(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) { storetest.TestVideoRecords(t, socialStore(d)) })
}
