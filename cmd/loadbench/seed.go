package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// plan is how much data to seed. Per-member counts stay the same at
// every scale while the totals grow with it, as on a site that gains
// members; the measured member's own lists grow too, so that their first
// pages are read out of ever longer lists.
type plan struct {
	members int
	videos  int
	// unpublishedEvery leaves every n-th video unpublished.
	unpublishedEvery int
	// follows is how many members each member follows, measuredFollows
	// how many the measured member follows.
	follows, measuredFollows int
	// likes is how many videos each member likes, measuredLikes how many
	// the measured member likes.
	likes, measuredLikes int
	// comments are spread as on a real site: most on a few hot videos.
	comments, hotVideos int
	posts               int
	// A comment is liked by another member in every likedCommentEvery-th
	// turn over the hot videos (see commentLiked), and every post by
	// postLikers members, as on a site in use. With none, the tables of
	// those likes stay empty, and PostgreSQL, once it analyzed them, plans
	// each row's like figures of a page of comments or posts as a scan of
	// the empty table (a system call each, for its size) rather than a
	// lookup in its index: a cost of a new site alone.
	likedCommentEvery, postLikers int
	// playlists is how many playlists each member makes, and
	// measuredPlaylists the measured member; each gets playlistVideos.
	// The measured member has a full default page (10) at any scale, so
	// that every scale measures the same page of their own playlists.
	playlists, measuredPlaylists, playlistVideos int
	// history is how many videos the measured member watches.
	history int
}

// planFor is the plan at a scale: 1 is 50 members and 2,000 videos.
func planFor(scale float64) plan {
	n := func(base int) int { return max(1, int(math.Round(float64(base)*scale))) }
	p := plan{
		members:           max(2, n(50)),
		videos:            max(10, n(2000)),
		unpublishedEvery:  10,
		follows:           10,
		measuredFollows:   n(25),
		likes:             40,
		measuredLikes:     n(200),
		comments:          n(5000),
		hotVideos:         50,
		posts:             n(500),
		likedCommentEvery: 2,
		postLikers:        3,
		playlists:         2,
		measuredPlaylists: max(10, n(5)),
		playlistVideos:    20,
		history:           n(300),
	}
	// Nobody follows more members than there are, nor likes, lists or
	// watches more videos than are published.
	published := p.published()
	p.follows = min(p.follows, p.members-1)
	p.measuredFollows = min(max(p.measuredFollows, p.follows), p.members-1)
	p.likes = min(p.likes, published)
	p.postLikers = min(p.postLikers, p.members-1)
	p.measuredLikes = min(max(p.measuredLikes, p.likes), published)
	p.hotVideos = min(p.hotVideos, published)
	p.playlistVideos = min(p.playlistVideos, published)
	p.history = min(p.history, published)
	return p
}

// published is how many of the videos are published.
func (p plan) published() int { return p.videos - p.videos/p.unpublishedEvery }

// followCount is how many follows the plan makes in all.
func (p plan) followCount() int { return (p.members-1)*p.follows + p.measuredFollows }

// likeCount is how many video likes the plan makes in all.
func (p plan) likeCount() int { return (p.members-1)*p.likes + p.measuredLikes }

// commentLiked reports whether the i-th comment is liked. The comments go
// to the hot videos in turn (see seed), so every likedCommentEvery-th turn
// is liked, and each hot video's page has liked comments and others.
func (p plan) commentLiked(i int) bool { return (i/p.hotVideos)%p.likedCommentEvery == 0 }

// commentLikeCount is how many comment likes the plan makes in all.
func (p plan) commentLikeCount() int {
	n := 0
	for i := range p.comments {
		if p.commentLiked(i) {
			n++
		}
	}
	return n
}

// playlistCount is how many playlists the plan makes in all.
func (p plan) playlistCount() int { return (p.members-1)*p.playlists + p.measuredPlaylists }

func (p plan) String() string {
	return fmt.Sprintf("%d members, %d videos (%d published), %d follows, %d video likes, %d comments (%d likes), %d posts (%d likes), %d playlists (%d entries), %d history entries",
		p.members, p.videos, p.published(), p.followCount(), p.likeCount(), p.comments, p.commentLikeCount(), p.posts, p.posts*p.postLikers,
		p.playlistCount(), p.playlistCount()*p.playlistVideos, p.history)
}

// member is a signed-up, signed-in member.
type member struct {
	benchkit.Session
	username string
}

// world is what the routes need of the seeded data.
type world struct {
	// members[0] is the measured member: the one whose own lists
	// (history, liked videos, own videos, feeds) are read.
	members []member
	// published are the ids of the published videos; hot are those with
	// most comments.
	published, hot []string
	// playlists are the public playlists and the measured member's own.
	playlists []string
}

// measured is the measured member.
func (w *world) measured() member { return w.members[0] }

// Words of titles, names and texts. Searches look for them, so that each
// matches a share of the data that stays the same at every scale.
var (
	adjectives = []string{"Golden", "Quiet", "Electric", "Velvet", "Rapid", "Hidden", "Bright", "Lunar", "Rustic", "Wild"}
	nouns      = []string{"tango", "waltz", "salsa", "ballet", "flamenco", "hiphop", "swing", "rumba", "samba", "bolero",
		"foxtrot", "polka", "reggaeton", "jive", "krump", "voguing", "tap", "mambo", "bachata", "quickstep"}
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis",
		"Radia", "John", "Hedy", "Linus", "Katherine", "Tim", "Shafi", "Leslie", "Sophie", "Niklaus"}
	lastNames = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie"}
)

// account is the i-th member's account.
func account(i int) benchkit.Account {
	first := firstNames[i%len(firstNames)]
	last := lastNames[(i/len(firstNames))%len(lastNames)]
	username := fmt.Sprintf("%s_%05d", strings.ToLower(first), i)
	return benchkit.Account{
		Name: first + " " + last, Email: username + "@example.com", Username: username, Password: "Secret123",
	}
}

// seed fills the server through its API, workers requests at a time.
func seed(ctx context.Context, c *benchkit.Client, log *benchkit.LogSink, media benchkit.Media, p plan, workers int) (*world, error) {
	w := &world{members: make([]member, p.members)}
	rng := rand.New(rand.NewPCG(1, 2)) // the same data on every run

	// Members.
	err := parallel(ctx, workers, p.members, "members", func(ctx context.Context, i int) error {
		a := account(i)
		s, err := c.SignUp(ctx, log, a)
		w.members[i] = member{Session: s, username: a.Username}
		return err
	})
	if err != nil {
		return nil, err
	}

	// Videos, owned in turn by every member; most published.
	ids := make([]string, p.videos)
	err = parallel(ctx, workers, p.videos, "videos", func(ctx context.Context, i int) error {
		owner := w.members[i%p.members]
		adj, noun := adjectives[i%len(adjectives)], nouns[(i/len(adjectives))%len(nouns)]
		id, err := c.UploadVideo(ctx, owner.AccessToken, media,
			fmt.Sprintf("%s %s #%d", adj, noun, i), fmt.Sprintf("A %s %s session, take %d.", strings.ToLower(adj), noun, i))
		if err != nil {
			return err
		}
		ids[i] = id
		if (i+1)%p.unpublishedEvery == 0 {
			return nil
		}
		return c.TogglePublish(ctx, owner.AccessToken, id)
	})
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if (i+1)%p.unpublishedEvery != 0 {
			w.published = append(w.published, id)
		}
	}
	w.hot = pick(rng, w.published, p.hotVideos)

	// Everything else depends only on members and videos: one pool of
	// tasks, so that the workers stay busy across kinds.
	var tasks []func(context.Context) error
	post := func(token, path string, body any, want int) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := c.JSON(ctx, "POST", path, token, body, want)
			return err
		}
	}
	// postLiked posts what post would, then has each of fans like it, by
	// its id, on likePath.
	postLiked := func(token, path string, body any, likePath string, fans []member) func(context.Context) error {
		return func(ctx context.Context) error {
			res, err := c.JSON(ctx, "POST", path, token, body, http.StatusCreated)
			if err != nil || len(fans) == 0 {
				return err
			}
			id, err := res.ID()
			if err != nil {
				return err
			}
			for _, m := range fans {
				if _, err := c.JSON(ctx, "POST", likePath+id, m.AccessToken, nil, http.StatusOK); err != nil {
					return err
				}
			}
			return nil
		}
	}
	// after are the n members after the author of the i-th item: never the
	// author, as n is below the number of members (see planFor).
	after := func(i, n int) []member {
		out := make([]member, n)
		for k := range out {
			out[k] = w.members[(i+1+k)%p.members]
		}
		return out
	}
	for u, m := range w.members {
		follows, likes := p.follows, p.likes
		if u == 0 {
			follows, likes = p.measuredFollows, p.measuredLikes
		}
		for k := 1; k <= follows; k++ {
			other := w.members[(u+k)%p.members]
			tasks = append(tasks, post(m.AccessToken, "/api/v1/follower/toggle/"+other.UserID, nil, http.StatusOK))
		}
		for _, id := range pick(rng, w.published, likes) {
			tasks = append(tasks, post(m.AccessToken, "/api/v1/like/toggle-video-like/"+id, nil, http.StatusOK))
		}
	}
	for i := range p.comments {
		video := w.hot[i%len(w.hot)]
		if i%5 == 4 { // a fifth spread over every video
			video = w.published[rng.IntN(len(w.published))]
		}
		body := map[string]string{"content": fmt.Sprintf("Comment %d: loved the %s part!", i, nouns[i%len(nouns)])}
		var fans []member
		if p.commentLiked(i) {
			fans = after(i, 1)
		}
		tasks = append(tasks, postLiked(w.members[i%p.members].AccessToken, "/api/v1/comment/video-comments/"+video, body,
			"/api/v1/like/toggle-comment-like/", fans))
	}
	for i := range p.posts {
		body := map[string]string{"content": fmt.Sprintf("Post %d: a new %s video is coming this week.", i, nouns[i%len(nouns)])}
		tasks = append(tasks, postLiked(w.members[i%p.members].AccessToken, "/api/v1/communitypost", body,
			"/api/v1/like/toggle-community-post-like/", after(i, p.postLikers)))
	}
	var mu sync.Mutex
	for u, m := range w.members {
		count := p.playlists
		if u == 0 {
			count = p.measuredPlaylists
		}
		for k := range count {
			// Some playlists are private: their owner still lists and
			// reads them.
			public := k%3 != 1
			videos := pick(rng, w.published, p.playlistVideos)
			tasks = append(tasks, func(ctx context.Context) error {
				noun := nouns[(u+k)%len(nouns)]
				res, err := c.JSON(ctx, "POST", "/api/v1/playlist", m.AccessToken, map[string]any{
					"name": fmt.Sprintf("%s mix %d", noun, k), "description": "Favourite " + noun + " videos", "isPublished": public,
				}, http.StatusCreated)
				if err != nil {
					return err
				}
				id, err := res.ID()
				if err != nil {
					return err
				}
				for _, v := range videos {
					if _, err := c.Do(ctx, "POST", "/api/v1/playlist/"+id+"/videos/"+v, m.AccessToken, nil, "", http.StatusOK); err != nil {
						return err
					}
				}
				if public || u == 0 {
					mu.Lock()
					w.playlists = append(w.playlists, id)
					mu.Unlock()
				}
				return nil
			})
		}
	}
	// The measured member's watch history: viewing a video adds it.
	for _, id := range pick(rng, w.published, p.history) {
		tasks = append(tasks, func(ctx context.Context) error {
			_, err := c.Do(ctx, "GET", "/api/v1/video/"+id, w.measured().AccessToken, nil, "", http.StatusOK)
			return err
		})
	}
	// Interleave the kinds, so that no one table takes every write at
	// once.
	rng.Shuffle(len(tasks), func(i, j int) { tasks[i], tasks[j] = tasks[j], tasks[i] })
	err = parallel(ctx, workers, len(tasks), "the rest", func(ctx context.Context, i int) error { return tasks[i](ctx) })
	if err != nil {
		return nil, err
	}
	return w, nil
}

// pick is n distinct items of from, chosen at random.
func pick(rng *rand.Rand, from []string, n int) []string {
	n = min(n, len(from))
	seen := make(map[int]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		i := rng.IntN(len(from))
		if !seen[i] {
			seen[i] = true
			out = append(out, from[i])
		}
	}
	return out
}

// parallel calls fn for 0..n-1, workers at a time, and returns the first
// error (the other calls are then cancelled). It prints how long the
// stage took.
func parallel(ctx context.Context, workers, n int, stage string, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(ctx, i); err != nil {
					cancel(fmt.Errorf("%s: %w", stage, err))
					return
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	fmt.Printf("  %-9s %6d tasks in %v\n", stage, n, time.Since(start).Round(10*time.Millisecond))
	return nil
}
