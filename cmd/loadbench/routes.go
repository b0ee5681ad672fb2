package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// goal is a kind of route and the share of the bare handler's rate that
// it should reach.
type goal int

// Kinds of route. The shares are what a route of each kind should keep on
// any machine: reading a row by key costs more than a static answer, a
// page of a list more still, and a search scans text.
const (
	goalNone     goal = iota // no goal: single documents, stats, writes, unpaged lists
	goalBaseline             // the bare handler itself
	goalHealth               // /health: ≥50 %
	goalAuth                 // /auth/me and check-username: ≥25 %
	goalList                 // a page of a list: ≥15 %
	goalSearch               // video and member search: ≥10 %
)

// share is the least share of the bare rate the goal asks for; 0 when
// there is none.
func (g goal) share() float64 {
	switch g {
	case goalHealth:
		return 0.50
	case goalAuth:
		return 0.25
	case goalList:
		return 0.15
	case goalSearch:
		return 0.10
	}
	return 0
}

// String is the goal as the table shows it.
func (g goal) String() string {
	switch g {
	case goalBaseline:
		return "baseline"
	case goalNone:
		return "-"
	}
	return fmt.Sprintf("≥%.0f%%", g.share()*100)
}

// verdict is PASS or MISS for a route of this goal that reached ratio of
// the bare rate with errors failed requests (a route that fails requests
// misses, however fast), and "-" when there is no goal or nothing to
// compare.
func (g goal) verdict(ratio float64, errors int) string {
	switch {
	case g.share() == 0 || ratio == 0:
		return "-"
	case ratio >= g.share() && errors == 0:
		return "PASS"
	}
	return "MISS"
}

// route is one request shape to load.
type route struct {
	// name is short, for the table and -routes.
	name string
	// request is the method and path, with {placeholders} for what
	// varies from request to request.
	request string
	goal    goal
	// targets are the requests to cycle through.
	targets func(w *world, base string) []vegeta.Target
}

// allRoutes are the routes in the order they are measured. Writes come
// last, so that every read sees the seeded data only.
func allRoutes() []route {
	return []route{
		{"health", "GET /health", goalHealth, public("/health")},
		{"me", "GET /api/v1/auth/me", goalAuth, asMeasured("/api/v1/auth/me")},
		{"check-username", "GET /api/v1/auth/check-username?username={name}", goalAuth, checkUsername},
		{"videos", "GET /api/v1/video", goalList, asMeasured("/api/v1/video")},
		{"video search", "GET /api/v1/video?query={word}", goalSearch, videoSearch},
		{"videos by views", "GET /api/v1/video?sortBy=views&sortOrder=desc", goalList, asMeasured("/api/v1/video?sortBy=views&sortOrder=desc")},
		{"own videos", "GET /api/v1/video/me", goalList, asMeasured("/api/v1/video/me")},
		{"video view", "GET /api/v1/video/{id}", goalNone, videoView},
		{"history", "GET /api/v1/user/history", goalList, asMeasured("/api/v1/user/history")},
		{"member search", "GET /api/v1/user/search?query={name}", goalSearch, memberSearch},
		{"profile", "GET /api/v1/user/{username}", goalNone, profile},
		// The liked videos answer up to 100 items when no limit is sent,
		// as the reference answered them all: that is ten pages' worth,
		// measured without a goal. A page of them, as a client that pages
		// asks, is a list page like the others.
		{"liked videos", "GET /api/v1/like/liked-videos?page=1&limit=10", goalList, asMeasured("/api/v1/like/liked-videos?page=1&limit=10")},
		{"liked unpaged", "GET /api/v1/like/liked-videos", goalNone, asMeasured("/api/v1/like/liked-videos")},
		{"followers", "GET /api/v1/follower/followers/{userId}", goalList, perMember("/api/v1/follower/followers/")},
		{"following", "GET /api/v1/follower/following/{userId}", goalList, perMember("/api/v1/follower/following/")},
		{"subscriptions", "GET /api/v1/subscriptions/feed", goalList, asMeasured("/api/v1/subscriptions/feed")},
		{"comments", "GET /api/v1/comment/video-comments/{id}", goalList, videoComments},
		{"community feed", "GET /api/v1/communitypost/feed", goalList, asMeasured("/api/v1/communitypost/feed")},
		{"own playlists", "GET /api/v1/playlist/me", goalList, asMeasured("/api/v1/playlist/me")},
		// A playlist is one document with all its videos, as a video's
		// page is one with its owner: no page of a list.
		{"playlist", "GET /api/v1/playlist/{id}", goalNone, playlistPage},
		{"dashboard", "GET /api/v1/dashboard/stats", goalNone, asMeasured("/api/v1/dashboard/stats")},
		{"like toggle", "POST /api/v1/like/toggle-video-like/{id}", goalNone, likeToggle},
		{"comment", "POST /api/v1/comment/video-comments/{id}", goalNone, commentPost},
		{"follow toggle", "POST /api/v1/follower/toggle/{userId}", goalNone, followToggle},
	}
}

// bareRoute is the bare handler's: the path /health has on the server.
var bareRoute = route{"bare net/http", "GET /health (bare handler)", goalBaseline, public("/health")}

// selectRoutes keeps the routes a filter names, in their order: the
// route of that very name, or else every route whose name or request
// contains it ("me" is /auth/me alone, "search" both searches). Without
// filters it keeps them all.
func selectRoutes(all []route, filters []string) ([]route, error) {
	if len(filters) == 0 {
		return all, nil
	}
	matches := func(r route, f string) bool {
		for _, o := range all {
			if o.name == f {
				return r.name == f
			}
		}
		return strings.Contains(r.name, f) || strings.Contains(r.request, f)
	}
	var out []route
	for _, r := range all {
		for _, f := range filters {
			if matches(r, f) {
				out = append(out, r)
				break
			}
		}
	}
	if len(out) == 0 {
		names := make([]string, len(all))
		for i, r := range all {
			names[i] = r.name
		}
		return nil, fmt.Errorf("no route matches -routes %s; routes: %s", strings.Join(filters, ","), strings.Join(names, ", "))
	}
	return out, nil
}

// cycle is a targeter that hands the targets out in turn, from any
// number of workers.
func cycle(ts []vegeta.Target) vegeta.Targeter {
	var n atomic.Uint64
	return func(t *vegeta.Target) error {
		*t = ts[(n.Add(1)-1)%uint64(len(ts))]
		return nil
	}
}

// bearer is the header of a request made as a member.
func bearer(m member) http.Header {
	return http.Header{"Authorization": {"Bearer " + m.AccessToken}}
}

// get is a GET of path as m; m's zero value sends no token.
func get(base, path string, m member) vegeta.Target {
	t := vegeta.Target{Method: "GET", URL: base + path}
	if m.AccessToken != "" {
		t.Header = bearer(m)
	}
	return t
}

// public is one unauthenticated GET.
func public(path string) func(*world, string) []vegeta.Target {
	return func(_ *world, base string) []vegeta.Target {
		return []vegeta.Target{get(base, path, member{})}
	}
}

// asMeasured is one GET as the measured member, whose lists are the
// longest.
func asMeasured(path string) func(*world, string) []vegeta.Target {
	return func(w *world, base string) []vegeta.Target {
		return []vegeta.Target{get(base, path, w.measured())}
	}
}

// perMember is a GET of prefix+id for every member's id, as the measured
// member.
func perMember(prefix string) func(*world, string) []vegeta.Target {
	return func(w *world, base string) []vegeta.Target {
		var ts []vegeta.Target
		for _, m := range w.members {
			ts = append(ts, get(base, prefix+m.UserID, w.measured()))
		}
		return ts
	}
}

// checkUsername asks for every member's name, taken, and as many free
// ones; the route is public.
func checkUsername(w *world, base string) []vegeta.Target {
	var ts []vegeta.Target
	for i, m := range w.members {
		ts = append(ts,
			get(base, "/api/v1/auth/check-username?username="+m.username, member{}),
			get(base, fmt.Sprintf("/api/v1/auth/check-username?username=free_%05d", i), member{}))
	}
	return ts
}

// videoSearch searches the titles for each word they are made of.
func videoSearch(w *world, base string) []vegeta.Target {
	var ts []vegeta.Target
	for _, n := range nouns {
		ts = append(ts, get(base, "/api/v1/video?query="+url.QueryEscape(n), w.measured()))
	}
	return ts
}

// memberSearch searches the members for each first name.
func memberSearch(w *world, base string) []vegeta.Target {
	var ts []vegeta.Target
	for _, n := range firstNames {
		ts = append(ts, get(base, "/api/v1/user/search?query="+url.QueryEscape(strings.ToLower(n)), w.measured()))
	}
	return ts
}

// videoView watches every published video, each time as another member
// than the measured one, whose history stays as seeded.
func videoView(w *world, base string) []vegeta.Target {
	ts := make([]vegeta.Target, len(w.published))
	for i, id := range w.published {
		ts[i] = get(base, "/api/v1/video/"+id, w.members[1+i%(len(w.members)-1)])
	}
	return ts
}

// profile reads every member's profile.
func profile(w *world, base string) []vegeta.Target {
	var ts []vegeta.Target
	for _, m := range w.members {
		ts = append(ts, get(base, "/api/v1/user/"+m.username, w.measured()))
	}
	return ts
}

// videoComments reads the first page of comments of the hot videos,
// which have most.
func videoComments(w *world, base string) []vegeta.Target {
	var ts []vegeta.Target
	for _, id := range w.hot {
		ts = append(ts, get(base, "/api/v1/comment/video-comments/"+id, w.measured()))
	}
	return ts
}

// playlistPage reads the public playlists and the measured member's.
func playlistPage(w *world, base string) []vegeta.Target {
	var ts []vegeta.Target
	for _, id := range w.playlists {
		ts = append(ts, get(base, "/api/v1/playlist/"+id, w.measured()))
	}
	return ts
}

// spread pairs the i-th of n requests with a member and a published
// video, so that writes land on many rows, as many people's would.
func spread(w *world, n int, fn func(m member, video string) vegeta.Target) []vegeta.Target {
	ts := make([]vegeta.Target, n)
	for i := range ts {
		// A stride prime to most counts walks the videos in an order
		// unrelated to the members'.
		ts[i] = fn(w.members[i%len(w.members)], w.published[(i*7919)%len(w.published)])
	}
	return ts
}

// writeTargets is how many distinct writes a write route cycles through.
const writeTargets = 4096

func likeToggle(w *world, base string) []vegeta.Target {
	return spread(w, writeTargets, func(m member, video string) vegeta.Target {
		return vegeta.Target{Method: "POST", URL: base + "/api/v1/like/toggle-video-like/" + video, Header: bearer(m)}
	})
}

func commentPost(w *world, base string) []vegeta.Target {
	body := []byte(`{"content":"Posted under load: what a performance!"}`)
	return spread(w, writeTargets, func(m member, video string) vegeta.Target {
		h := bearer(m)
		h.Set("Content-Type", "application/json")
		return vegeta.Target{Method: "POST", URL: base + "/api/v1/comment/video-comments/" + video, Header: h, Body: body}
	})
}

// followToggle has every member follow or unfollow the others in turn,
// never themselves.
func followToggle(w *world, base string) []vegeta.Target {
	n := len(w.members)
	ts := make([]vegeta.Target, 0, writeTargets)
	for i := 0; len(ts) < writeTargets; i++ {
		m, other := w.members[i%n], w.members[(i%n+1+(i/n)%(n-1))%n]
		ts = append(ts, vegeta.Target{Method: "POST", URL: base + "/api/v1/follower/toggle/" + other.UserID, Header: bearer(m)})
	}
	return ts
}
