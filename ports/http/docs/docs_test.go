package docs

import (
	"slices"
	"testing"
)

// wantOperations are the routes api-v1.md promises at this stage; the
// document must describe exactly these.
var wantOperations = []string{
	"DELETE /api/v1/auth/sessions/{id}",
	"DELETE /api/v1/comment/{commentId}",
	"DELETE /api/v1/communitypost/{postId}",
	"DELETE /api/v1/playlist/{playlistId}",
	"DELETE /api/v1/playlist/{playlistId}/videos/{videoId}",
	"DELETE /api/v1/user/history",
	"DELETE /api/v1/user/history/{videoId}",
	"DELETE /api/v1/video/{videoId}",
	"GET /api/v1/auth/check-username",
	"GET /api/v1/auth/me",
	"GET /api/v1/auth/sessions",
	"GET /api/v1/comment/post-comments/{postId}",
	"GET /api/v1/comment/video-comments/{videoId}",
	"GET /api/v1/communitypost/feed",
	"GET /api/v1/communitypost/user/{userId}",
	"GET /api/v1/dashboard/stats",
	"GET /api/v1/docs",
	"GET /api/v1/docs/json",
	"GET /api/v1/follower/followers/{userId}",
	"GET /api/v1/follower/following/{userId}",
	"GET /api/v1/like/liked-videos",
	"GET /api/v1/live",
	"GET /api/v1/playlist/me",
	"GET /api/v1/playlist/search",
	"GET /api/v1/playlist/user/{userId}",
	"GET /api/v1/playlist/{playlistId}",
	"GET /api/v1/subscriptions/feed",
	"GET /api/v1/user/history",
	"GET /api/v1/user/search",
	"GET /api/v1/user/{username}",
	"GET /api/v1/video",
	"GET /api/v1/video/me",
	"GET /api/v1/video/{videoId}",
	"GET /health",
	"PATCH /api/v1/comment/{commentId}",
	"PATCH /api/v1/communitypost/{postId}",
	"PATCH /api/v1/playlist/{playlistId}",
	"PATCH /api/v1/user/bio",
	"PATCH /api/v1/user/email",
	"PATCH /api/v1/user/name",
	"PATCH /api/v1/user/profileimage",
	"PATCH /api/v1/video/publish-status/{videoId}",
	"PATCH /api/v1/video/thumbnail/{videoId}",
	"PATCH /api/v1/video/{videoId}",
	"POST /api/v1/auth/change-password",
	"POST /api/v1/auth/forgot-password",
	"POST /api/v1/auth/login",
	"POST /api/v1/auth/logout",
	"POST /api/v1/auth/logout-all",
	"POST /api/v1/auth/refresh-token",
	"POST /api/v1/auth/register",
	"POST /api/v1/auth/resend-verification",
	"POST /api/v1/auth/reset-password",
	"POST /api/v1/auth/verify-account",
	"POST /api/v1/comment/post-comments/{postId}",
	"POST /api/v1/comment/video-comments/{videoId}",
	"POST /api/v1/communitypost",
	"POST /api/v1/follower/toggle/{userId}",
	"POST /api/v1/like/toggle-comment-like/{commentId}",
	"POST /api/v1/like/toggle-community-post-like/{postId}",
	"POST /api/v1/like/toggle-video-like/{videoId}",
	"POST /api/v1/playlist",
	"POST /api/v1/playlist/{playlistId}/videos/{videoId}",
	"POST /api/v1/uploads",
	"POST /api/v1/user/email/verify",
	"POST /api/v1/video",
}

func TestDocumentLoadsAndValidates(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" || doc.Info.Title != "Stagecast API" {
		t.Errorf("openapi %q title %q", doc.OpenAPI, doc.Info.Title)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers = %v, want one relative server /", doc.Servers)
	}
	if got := Operations(doc); !slices.Equal(got, wantOperations) {
		t.Errorf("operations:\n got %q\nwant %q", got, wantOperations)
	}
	again, _ := Document()
	if again != doc {
		t.Error("Document parsed the document twice")
	}
	fresh, err := Load()
	if err != nil || fresh == doc {
		t.Errorf("Load = %p, %v; want a fresh copy", fresh, err)
	}
}
