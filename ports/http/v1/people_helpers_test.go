package v1_test

import (
	"slices"
	"testing"
)

// Helpers of the user, like, follow, dashboard and feed tests; their
// names start with pp so that they do not collide with other test files.

// ppArray returns data of an answer whose data is a plain array.
func ppArray(t testing.TB, r *resp) []map[string]any {
	t.Helper()
	raw, ok := r.Body["data"].([]any)
	if !ok {
		t.Fatalf("data is not an array: %.600s", r.Raw)
	}
	out := make([]map[string]any, len(raw))
	for i, d := range raw {
		out[i] = d.(map[string]any)
	}
	return out
}

// ppValues returns the key of each item, as strings.
func ppValues(items []map[string]any, key string) []string {
	out := []string{}
	for _, it := range items {
		s, _ := it[key].(string)
		out = append(out, s)
	}
	return out
}

// ppExpect fails unless got equals want, in order.
func ppExpect(t testing.TB, what string, got []string, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s %q, want %q", what, got, want)
	}
}

// ppComment comments on a video and returns the comment's id.
func ppComment(t testing.TB, c *client, videoID string) string {
	t.Helper()
	r := c.do("POST", "/api/v1/comment/video-comments/"+videoID, map[string]any{"content": "Nice"}).
		expect(t, 201, "Comment added successfully")
	return r.data()["_id"].(string)
}

// ppPost writes a community post and returns its id.
func ppPost(t testing.TB, c *client) string {
	t.Helper()
	r := c.do("POST", "/api/v1/communitypost", map[string]any{"content": "A post"}).
		expect(t, 201, "Community post created successfully")
	return r.data()["_id"].(string)
}

// ppFollow toggles c's follow of the user and expects the given state.
func ppFollow(t testing.TB, c *client, userID string, followed bool) {
	t.Helper()
	msg := "Unfollowed successfully"
	if followed {
		msg = "Followed successfully"
	}
	r := c.do("POST", "/api/v1/follower/toggle/"+userID, nil).expect(t, 200, msg)
	if r.data()["isFollowed"] != followed {
		t.Fatalf("isFollowed %v, want %v", r.data()["isFollowed"], followed)
	}
}

// ppLike toggles c's like of the video and expects the given state.
func ppLike(t testing.TB, c *client, videoID string, liked bool) {
	t.Helper()
	msg := "Video unliked successfully"
	if liked {
		msg = "Video liked successfully"
	}
	r := c.do("POST", "/api/v1/like/toggle-video-like/"+videoID, nil).expect(t, 200, msg)
	if r.data()["isLiked"] != liked {
		t.Fatalf("isLiked %v, want %v", r.data()["isLiked"], liked)
	}
}

// ppProfile GETs a profile as c sees it.
func ppProfile(t testing.TB, c *client, username string) map[string]any {
	t.Helper()
	return c.do("GET", "/api/v1/user/"+username, nil).expect(t, 200, "User profile fetched successfully").data()
}
