package v1_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/stagecast/stagecast/ports/http/web"
	"github.com/stagecast/stagecast/wiring"
)

// statementCounter counts the statements the store runs for each request,
// by the request's id.
type statementCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *statementCounter) observe(ctx context.Context, _ string) {
	if rid := web.RequestID(ctx); rid != "" {
		c.mu.Lock()
		c.n[rid]++
		c.mu.Unlock()
	}
}

// statements sends a GET as c and returns how many statements it cost.
func (c *statementCounter) statements(t *testing.T, cl *client, path string) int {
	t.Helper()
	c.mu.Lock()
	rid := "qc" + strconv.Itoa(len(c.n)+1000)
	c.mu.Unlock()
	cl.header.Set(web.RequestIDHeader, rid)
	defer cl.header.Del(web.RequestIDHeader)
	if r := cl.do("GET", path, nil); r.Status != 200 {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Raw)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[rid]
}

// queryCountItems is how many items each list holds: more than the largest
// page, so that pages of 1 and of 100 both have more after them.
const queryCountItems = 101

// TestListsCostTheSameWhateverThePageSize proves there is no N+1: a page
// of 100 items, with their owners, like figures and "liked by me", costs
// as many statements as a page of 1, on every list of /api/v1 (SQLite).
func TestListsCostTheSameWhateverThePageSize(t *testing.T) {
	t.Parallel()
	if !firstPass {
		t.Skip("runs on SQLite in the first pass")
	}
	counter := &statementCounter{n: map[string]int{}}
	e := newEnvWith(t, map[string]string{"DATABASE_URL": databases.URL(t, "sqlite")}, func(o *wiring.Overrides) {
		o.OnQuery, o.NoSessionCache = counter.observe, true
	})
	owner, viewer := e.member("qcowner"), e.member("qcviewer")
	ownerID := owner.do("GET", "/api/v1/auth/me", nil).data()["_id"].(string)
	viewerID := viewer.do("GET", "/api/v1/auth/me", nil).data()["_id"].(string)
	viewer.do("POST", "/api/v1/follower/toggle/"+ownerID, nil).expect(t, 200, "Followed successfully")

	post := owner.do("POST", "/api/v1/communitypost", map[string]any{"content": "Hello"}).data()["_id"].(string)
	big := owner.do("POST", "/api/v1/playlist", map[string]any{"name": "qcbig"}).data()["_id"].(string)
	small := owner.do("POST", "/api/v1/playlist", map[string]any{"name": "qcsmall"}).data()["_id"].(string)
	var first string
	for i := range queryCountItems {
		vid := owner.newVideo(t, fmt.Sprintf("Video %d", i), true)
		if i == 0 {
			first = vid
			owner.do("POST", "/api/v1/playlist/"+small+"/videos/"+vid, nil).expect(t, 200, "Video added to playlist successfully")
		}
		owner.do("POST", "/api/v1/playlist/"+big+"/videos/"+vid, nil).expect(t, 200, "Video added to playlist successfully")
		viewer.do("POST", "/api/v1/like/toggle-video-like/"+vid, nil).expect(t, 200, "Video liked successfully")
		viewer.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
		viewer.do("POST", "/api/v1/comment/video-comments/"+first, map[string]any{"content": "c"}).expect(t, 201, "Comment added successfully")
		viewer.do("POST", "/api/v1/comment/post-comments/"+post, map[string]any{"content": "c"}).expect(t, 201, "Comment added successfully")
		viewer.do("POST", "/api/v1/communitypost", map[string]any{"content": "p"}).expect(t, 201, "Community post created successfully")
		owner.do("POST", "/api/v1/playlist", map[string]any{"name": "qc list", "description": "qc"}).expect(t, 201, "Playlist created successfully")
		fan := e.member(fmt.Sprintf("qcfan%03d", i))
		fanID := fan.do("GET", "/api/v1/auth/me", nil).data()["_id"].(string)
		fan.do("POST", "/api/v1/follower/toggle/"+ownerID, nil).expect(t, 200, "Followed successfully")
		viewer.do("POST", "/api/v1/follower/toggle/"+fanID, nil).expect(t, 200, "Followed successfully")
		if i == queryCountItems-1 {
			// The latest upload of the viewer's feed is a followed fan's,
			// the owner's latest comes second: the feed's first page of
			// one is read from the follows (its window holds it, see
			// the store's latestWindow), a page of 100 by its statement.
			fan.newVideo(t, "Fan video", true)
		}
		viewer.do("POST", "/api/v1/like/toggle-community-post-like/"+post, nil)
	}

	// want is how many statements a page costs, the session check among
	// them (the session cache is off here): more means a read came apart.
	lists := []struct {
		name string
		as   *client
		path string // takes the page size
		want int
	}{
		{"videos", viewer, "/api/v1/video?limit=%d", 2},
		{"search", viewer, "/api/v1/video?query=video&limit=%d", 2},
		{"own videos", owner, "/api/v1/video/me?limit=%d", 2},
		{"history", viewer, "/api/v1/user/history?limit=%d", 2},
		{"subscriptions", viewer, "/api/v1/subscriptions/feed?limit=%d", 2},
		{"liked videos", viewer, "/api/v1/like/liked-videos?limit=%d", 2},
		// The page's statement reads the parent the caller must see.
		{"video comments", viewer, "/api/v1/comment/video-comments/" + first + "?limit=%d", 2},
		{"post comments", viewer, "/api/v1/comment/post-comments/" + post + "?limit=%d", 2},
		{"community feed", viewer, "/api/v1/communitypost/feed?limit=%d", 2},
		{"user posts", owner, "/api/v1/communitypost/user/" + viewerID + "?limit=%d", 3},
		// Playlists read their totals from the counts the store keeps; a
		// user's are read after a check that the user may be seen.
		{"own playlists", owner, "/api/v1/playlist/me?limit=%d", 2},
		{"user playlists", viewer, "/api/v1/playlist/user/" + ownerID + "?limit=%d", 3},
		{"playlist search", viewer, "/api/v1/playlist/search?query=qc&limit=%d", 4},
		{"followers", viewer, "/api/v1/follower/followers/" + ownerID + "?limit=%d", 2},
		{"following", owner, "/api/v1/follower/following/" + viewerID + "?limit=%d", 2},
		{"user search", viewer, "/api/v1/user/search?query=qcfan&limit=%d", 2},
	}
	for _, l := range lists {
		one := counter.statements(t, l.as, fmt.Sprintf(l.path, 1))
		hundred := counter.statements(t, l.as, fmt.Sprintf(l.path, 100))
		if one != hundred || one != l.want {
			t.Errorf("%s: %d statements for a page of 1, %d for a page of 100, want %d", l.name, one, hundred, l.want)
		}
		t.Logf("%s: %d statements", l.name, one)
	}
	// The video page: the caller, the watch (the history entry and the
	// counted view), then the page itself.
	if n := counter.statements(t, viewer, "/api/v1/video/"+first); n > 3 {
		t.Errorf("video page: %d statements, want at most 3", n)
	}
	// A playlist shows all its videos: 1 or 101 cost the same, the
	// session check and the page.
	if one, many := counter.statements(t, viewer, "/api/v1/playlist/"+small), counter.statements(t, viewer, "/api/v1/playlist/"+big); one != many || one != 2 {
		t.Errorf("playlist: %d statements with 1 video, %d with %d, want 2", one, many, queryCountItems)
	}
}
