package v1_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// The authorization matrix: every route of /api/v1 that changes something,
// called without a token, as another signed-in user and as the owner of
// what it acts on. The routes come from the router itself, so a new route
// without an entry here fails the test.

// matrixScene is what one case runs in: an owner and another member.
type matrixScene struct {
	e            *env
	owner, other *client
}

// matrixReq is one request of a case: a JSON body, or a form when form is
// set (a fresh body for each caller, since a body is read once).
type matrixReq struct {
	path string
	body any
	form func(t *testing.T) (io.Reader, string)
}

// matrixCase says who may call a route. prepare makes what the route acts
// on, owned by the scene's owner. other is the status another member gets
// (0 when the route acts on the caller's own account, so there is no
// "other"); owner is the owner's.
type matrixCase struct {
	public  bool // no token needed: guest-only and token routes
	prepare func(t *testing.T, s *matrixScene) matrixReq
	other   int
	owner   int
}

func (s *matrixScene) video(t *testing.T, published bool) string {
	return s.owner.newVideo(t, "Matrix", published)
}

func (s *matrixScene) post(t *testing.T) string {
	r := s.owner.do("POST", "/api/v1/communitypost", map[string]any{"content": "A post"}).expect(t, 201, "Community post created successfully")
	return r.data()["_id"].(string)
}

func (s *matrixScene) playlist(t *testing.T) string {
	r := s.owner.do("POST", "/api/v1/playlist", map[string]any{"name": "Mine"}).expect(t, 201, "Playlist created successfully")
	return r.data()["_id"].(string)
}

func (s *matrixScene) comment(t *testing.T, videoID string) string {
	r := s.owner.do("POST", "/api/v1/comment/video-comments/"+videoID, map[string]any{"content": "Nice"}).expect(t, 201, "Comment added successfully")
	return r.data()["_id"].(string)
}

func (s *matrixScene) userID(t *testing.T) string {
	r := s.owner.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	return r.data()["_id"].(string)
}

func fixed(path string, body any) func(*testing.T, *matrixScene) matrixReq {
	return func(*testing.T, *matrixScene) matrixReq { return matrixReq{path: path, body: body} }
}

// onVideo acts on a video of the owner: unpublished ones are 404 for
// others, published ones 403 when only the owner may act.
func onVideo(published bool, format string, body any) func(*testing.T, *matrixScene) matrixReq {
	return func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: strings.Replace(format, "{}", s.video(t, published), 1), body: body}
	}
}

var matrix = map[string]matrixCase{
	// Guest-only and token routes answer without an access token.
	"POST /api/v1/auth/register":            {public: true},
	"POST /api/v1/auth/verify-account":      {public: true},
	"POST /api/v1/auth/login":               {public: true},
	"POST /api/v1/auth/forgot-password":     {public: true},
	"POST /api/v1/auth/reset-password":      {public: true},
	"POST /api/v1/auth/refresh-token":       {public: true},
	"POST /api/v1/auth/resend-verification": {public: true},

	// The caller's own account and sessions.
	"POST /api/v1/auth/change-password": {prepare: fixed("/api/v1/auth/change-password", map[string]any{"oldPassword": goodPassword, "newPassword": "Secret456"}), owner: 200},
	"POST /api/v1/auth/logout":          {prepare: fixed("/api/v1/auth/logout", nil), owner: 200},
	"POST /api/v1/auth/logout-all":      {prepare: fixed("/api/v1/auth/logout-all", nil), owner: 200},
	"DELETE /api/v1/auth/sessions/{id}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		r := s.owner.do("GET", "/api/v1/auth/sessions", nil).expect(t, 200, "Sessions fetched successfully")
		return matrixReq{path: "/api/v1/auth/sessions/" + r.Body["data"].([]any)[0].(map[string]any)["_id"].(string)}
	}, other: 404, owner: 200},
	"PATCH /api/v1/user/name":  {prepare: fixed("/api/v1/user/name", map[string]any{"name": "New Name"}), owner: 200},
	"PATCH /api/v1/user/email": {prepare: fixed("/api/v1/user/email", map[string]any{"email": "moved@example.com"}), owner: 200},
	"POST /api/v1/user/email/verify": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		to := s.userID(t) + "@new.example"
		s.owner.do("PATCH", "/api/v1/user/email", map[string]any{"email": to}).expect(t, 200, "Verification code sent to the new email")
		return matrixReq{path: "/api/v1/user/email/verify", body: map[string]any{"code": s.e.mail.lastCode(t, to)}}
	}, owner: 200},
	"PATCH /api/v1/user/bio":      {prepare: fixed("/api/v1/user/bio", map[string]any{"bio": "Hi"}), owner: 200},
	"DELETE /api/v1/user/history": {prepare: fixed("/api/v1/user/history", nil), owner: 200},
	"POST /api/v1/uploads":        {prepare: fixed("/api/v1/uploads", map[string]any{"kind": "thumbnail", "contentType": "image/png", "size": 100}), owner: 201},
	"POST /api/v1/communitypost":  {prepare: fixed("/api/v1/communitypost", map[string]any{"content": "Hello"}), owner: 201},
	"POST /api/v1/playlist":       {prepare: fixed("/api/v1/playlist", map[string]any{"name": "List"}), owner: 201},
	"PATCH /api/v1/user/profileimage": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/user/profileimage", form: func(t *testing.T) (io.Reader, string) {
			return vtAvatarForm(t, "me.png", fixture(t, "image.png"))
		}}
	}, owner: 200},
	"POST /api/v1/video": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/video", form: func(t *testing.T) (io.Reader, string) {
			return form(t, text("title", "Up"), file("video", "moov-first.mp4", fixture(t, "moov-first.mp4")), file("thumbnail", "image.png", fixture(t, "image.png")))
		}}
	}, owner: 201},
	"DELETE /api/v1/user/history/{videoId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		vid := s.video(t, true)
		s.owner.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
		return matrixReq{path: "/api/v1/user/history/" + vid}
	}, other: 404, owner: 200},

	// The owner's videos: others get 403 on a published one.
	"PATCH /api/v1/video/{videoId}":                {prepare: onVideo(true, "/api/v1/video/{}", map[string]any{"title": "Renamed"}), other: 403, owner: 200},
	"DELETE /api/v1/video/{videoId}":               {prepare: onVideo(true, "/api/v1/video/{}", nil), other: 403, owner: 200},
	"PATCH /api/v1/video/publish-status/{videoId}": {prepare: onVideo(true, "/api/v1/video/publish-status/{}", nil), other: 403, owner: 200},
	"PATCH /api/v1/video/thumbnail/{videoId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/video/thumbnail/" + s.video(t, true), form: func(t *testing.T) (io.Reader, string) { return vtThumbForm(t, "image.png") }}
	}, other: 403, owner: 200},

	// What exists only for its owner: an unpublished video is 404 for others.
	"POST /api/v1/like/toggle-video-like/{videoId}": {prepare: onVideo(false, "/api/v1/like/toggle-video-like/{}", nil), other: 404, owner: 200},
	"POST /api/v1/comment/video-comments/{videoId}": {prepare: onVideo(false, "/api/v1/comment/video-comments/{}", map[string]any{"content": "Hi"}), other: 404, owner: 201},
	"POST /api/v1/like/toggle-comment-like/{commentId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/like/toggle-comment-like/" + s.comment(t, s.video(t, false))}
	}, other: 404, owner: 200},

	// Comments: only their author edits; author and video owner delete.
	"PATCH /api/v1/comment/{commentId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/comment/" + s.comment(t, s.video(t, true)), body: map[string]any{"content": "Edited"}}
	}, other: 403, owner: 200},
	"DELETE /api/v1/comment/{commentId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/comment/" + s.comment(t, s.video(t, true))}
	}, other: 403, owner: 200},

	// Posts are public: anyone likes and comments, only the author changes.
	"POST /api/v1/like/toggle-community-post-like/{postId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/like/toggle-community-post-like/" + s.post(t)}
	}, other: 200, owner: 200},
	"POST /api/v1/comment/post-comments/{postId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/comment/post-comments/" + s.post(t), body: map[string]any{"content": "Hi"}}
	}, other: 201, owner: 201},
	"PATCH /api/v1/communitypost/{postId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/communitypost/" + s.post(t), body: map[string]any{"content": "Edited"}}
	}, other: 403, owner: 200},
	"DELETE /api/v1/communitypost/{postId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/communitypost/" + s.post(t)}
	}, other: 403, owner: 200},

	// Playlists: public ones are 403 for others.
	"PATCH /api/v1/playlist/{playlistId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/playlist/" + s.playlist(t), body: map[string]any{"name": "Renamed"}}
	}, other: 403, owner: 200},
	"DELETE /api/v1/playlist/{playlistId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/playlist/" + s.playlist(t)}
	}, other: 403, owner: 200},
	"POST /api/v1/playlist/{playlistId}/videos/{videoId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/playlist/" + s.playlist(t) + "/videos/" + s.video(t, true)}
	}, other: 403, owner: 200},
	"DELETE /api/v1/playlist/{playlistId}/videos/{videoId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		pl, vid := s.playlist(t), s.video(t, true)
		s.owner.do("POST", "/api/v1/playlist/"+pl+"/videos/"+vid, nil).expect(t, 200, "Video added to playlist successfully")
		return matrixReq{path: "/api/v1/playlist/" + pl + "/videos/" + vid}
	}, other: 403, owner: 200},

	// Following is open to every member but the one followed, who
	// cannot follow themself (400).
	"POST /api/v1/follower/toggle/{userId}": {prepare: func(t *testing.T, s *matrixScene) matrixReq {
		return matrixReq{path: "/api/v1/follower/toggle/" + s.userID(t)}
	}, other: 200, owner: 400},
}

// mutatingRoutes lists "METHOD /pattern" for every route of /api/v1 that
// may change something, as the router has them.
func mutatingRoutes(t *testing.T, routes chi.Routes) []string {
	var out []string
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.ReplaceAll(route, "/*/", "/")
		if len(route) > 1 {
			route = strings.TrimSuffix(route, "/")
		}
		switch {
		case !strings.HasPrefix(route, "/api/v1/"), strings.HasPrefix(route, "/api/v1/docs"):
		case method == "GET", method == "HEAD", method == "OPTIONS":
		default:
			out = append(out, method+" "+route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		routes, ok := e.handler.(chi.Routes)
		if !ok {
			t.Fatalf("the wired handler is a %T, not a chi.Routes", e.handler)
		}
		ops := mutatingRoutes(t, routes)
		for _, op := range ops {
			if _, ok := matrix[op]; !ok {
				t.Errorf("%s has no entry in the authorization matrix", op)
			}
		}
		for op := range matrix {
			if !slices.Contains(ops, op) {
				t.Errorf("the matrix has %s, which the router does not serve", op)
			}
		}
		for i, op := range ops {
			tc, ok := matrix[op]
			if !ok || tc.public {
				continue
			}
			method, _, _ := strings.Cut(op, " ")
			t.Run(op, func(t *testing.T) {
				t.Parallel()
				s := &matrixScene{e: e, owner: e.member(memberName("mo", i)), other: e.member(memberName("mx", i))}
				req := tc.prepare(t, s)
				call := func(c *client) *resp {
					if req.form != nil {
						body, ct := req.form(t)
						return c.send(method, req.path, body, ct)
					}
					return c.do(method, req.path, req.body)
				}
				if r := call(e.client()); r.Status != 401 || r.message() != "UNAUTHORIZED" {
					t.Errorf("anonymous: got %d %s, want 401 UNAUTHORIZED", r.Status, r.Raw)
				}
				if tc.other != 0 {
					if r := call(s.other); r.Status != tc.other {
						t.Errorf("another member: got %d %s, want %d", r.Status, r.Raw, tc.other)
					}
				}
				if r := call(s.owner); r.Status != tc.owner {
					t.Errorf("owner: got %d %s, want %d", r.Status, r.Raw, tc.owner)
				}
			})
		}
	})
}

// memberName returns a distinct username for the i-th case.
func memberName(prefix string, i int) string {
	return fmt.Sprintf("%s%03d", prefix, i)
}
