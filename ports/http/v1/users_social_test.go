package v1_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/ports/http/bind"
)

func TestUserSearch(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		for _, u := range []string{"adam", "bob", "a_b"} {
			e.signup(u)
		}
		pendingAccount(e, "adele") // unverified: found by nobody
		search := func(query string) []map[string]any {
			t.Helper()
			return ppArray(t, ada.do("GET", "/api/v1/user/search"+query, nil).expect(t, 200, "Users fetched successfully"))
		}

		hits := search("?query=AD")
		ppExpect(t, "usernames", ppValues(hits, "username"), "ada", "adam")
		vtExpectKeys(t, "hit", hits[0], "_id", "name", "username", "profileImage", "isVerified")
		if hits[0]["_id"] != vtUserID(t, ada) || hits[0]["name"] != "User ada" || hits[0]["isVerified"] != true ||
			!strings.HasPrefix(hits[0]["profileImage"].(string), "http") {
			t.Fatalf("hit %v", hits[0])
		}
		ppExpect(t, "by name", ppValues(search("?query=user%20bo"), "username"), "bob")
		ppExpect(t, "trimmed", ppValues(search("?query=%20%20bob%20"), "username"), "bob")
		// Literal: "_" and "%" are LIKE wildcards, "." a regular expression's.
		ppExpect(t, "underscore", ppValues(search("?query=_"), "username"), "a_b")
		ppExpect(t, "percent", ppValues(search("?query=%25"), "username"))
		ppExpect(t, "dot", ppValues(search("?query=."), "username"))
		ppExpect(t, "unverified", ppValues(search("?query=adele"), "username"))
		// Empty finds nobody.
		ppExpect(t, "empty", ppValues(search(""), "username"))
		ppExpect(t, "blank", ppValues(search("?query=%20%20"), "username"))
		// Paging is lenient, as on the reference's lists.
		ppExpect(t, "limit 1", ppValues(search("?query=a&limit=1"), "username"), "a_b")
		ppExpect(t, "page 2", ppValues(search("?query=a&limit=1&page=2"), "username"), "ada")
		ppExpect(t, "page -3", ppValues(search("?query=a&limit=1&page=-3"), "username"), "adam")
		ppExpect(t, "unreadable", ppValues(search("?query=a&limit=abc&page=x"), "username"), "a_b", "ada", "adam")
		ppExpect(t, "over 100", ppValues(search("?query=a&limit=1000"), "username"), "a_b", "ada", "adam")

		expectFieldError(t, ada.do("GET", "/api/v1/user/search?query="+strings.Repeat("a", 101), nil),
			"query", "Search query must be at most 100 characters")
		search("?query=" + strings.Repeat("a", 100))
		expectFieldError(t, ada.do("GET", "/api/v1/user/search?query=a&query=b", nil),
			"query", "Invalid input: expected string, received array")
		r := ada.do("GET", "/api/v1/user/search?query=a%00", nil)
		if r.Status != 400 || r.Body["errors"].([]any)[0].(map[string]any)["field"] != "query" {
			t.Fatalf("control character: %d %s", r.Status, r.Raw)
		}
		if r := ada.do("GET", "/api/v1/user/search?query=a&limit=1%00", nil); r.Status != 400 {
			t.Fatalf("control character in limit: %d %s", r.Status, r.Raw)
		}
		e.client().do("GET", "/api/v1/user/search?query=a", nil).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestUpdateName(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		before := ada.do("GET", "/api/v1/auth/me", nil).data()
		e.clock.Advance(time.Second)
		r := ada.do("PATCH", "/api/v1/user/name", map[string]any{"name": "  Ada Lovelace  "}).expect(t, 200, "Name updated successfully")
		d := r.data()
		vtExpectKeys(t, "user", d, "_id", "username", "email", "name", "profileImage", "isVerified", "createdAt", "updatedAt")
		if d["name"] != "Ada Lovelace" || d["profileImage"] != before["profileImage"] || d["updatedAt"] != vtStamp(e) ||
			d["createdAt"] != before["createdAt"] {
			t.Fatalf("renamed %v, before %v", d, before)
		}
		if got := ada.do("GET", "/api/v1/auth/me", nil).data()["name"]; got != "Ada Lovelace" {
			t.Fatalf("me name %v", got)
		}
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/name", map[string]any{"name": "   "}), "name", "Name is required")
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/name", map[string]any{}), "name", "Invalid input: expected string, received undefined")
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/name", map[string]any{"name": 5}), "name", "Invalid input: expected string, received number")
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/name", map[string]any{"name": strings.Repeat("n", 101)}),
			"name", "Name must be at most 100 characters")
		ada.do("PATCH", "/api/v1/user/name", "{bad").expect(t, 400, "Malformed JSON in request body")
		ada.do("PATCH", "/api/v1/user/name", `{"name":"`+strings.Repeat("n", bind.MaxJSONBody)+`"}`).expect(t, 413, "request entity too large")
		e.client().do("PATCH", "/api/v1/user/name", map[string]any{"name": "X"}).expect(t, 401, "UNAUTHORIZED")
		if got := ada.do("GET", "/api/v1/auth/me", nil).data()["name"]; got != "Ada Lovelace" {
			t.Fatalf("a refused change changed the name: %v", got)
		}
	})
}

func TestUpdateBio(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		if _, ok := ada.do("GET", "/api/v1/auth/me", nil).data()["bio"]; ok {
			t.Fatal("a new account has a bio")
		}
		r := ada.do("PATCH", "/api/v1/user/bio", map[string]any{"bio": "  Salsa\nand bachata  "}).expect(t, 200, "Bio updated successfully")
		if r.data()["bio"] != "Salsa\nand bachata" || r.data()["email"] != "ada@example.com" {
			t.Fatalf("data %v", r.data())
		}
		if got := ppProfile(t, e.member("bob"), "ada")["bio"]; got != "Salsa\nand bachata" {
			t.Fatalf("profile bio %q", got)
		}
		ada.do("PATCH", "/api/v1/user/bio", map[string]any{"bio": strings.Repeat("é", 160)}).expect(t, 200, "Bio updated successfully")
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/bio", map[string]any{"bio": strings.Repeat("b", 161)}),
			"bio", "Bio must be less than 160 characters")
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/bio", map[string]any{}), "bio", "Invalid input: expected string, received undefined")
		expectFieldError(t, ada.do("PATCH", "/api/v1/user/bio", map[string]any{"bio": nil}), "bio", "Invalid input: expected string, received null")
		r = ada.do("PATCH", "/api/v1/user/bio", map[string]any{"bio": ""}).expect(t, 200, "Bio updated successfully")
		if bio, ok := r.data()["bio"]; !ok || bio != "" {
			t.Fatalf("bio %v %v", bio, ok)
		}
		e.client().do("PATCH", "/api/v1/user/bio", map[string]any{"bio": "x"}).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestUserProfile(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob, cat := e.member("ada"), e.member("bob"), e.member("cat")
		adaID, bobID := vtUserID(t, ada), vtUserID(t, bob)
		v1 := ada.newVideo(t, "One", true)
		ada.newVideo(t, "Two", true)
		hidden := ada.newVideo(t, "Hidden", false)
		vtView(t, bob, v1)
		vtView(t, cat, v1)
		ppLike(t, bob, v1, true)
		ppLike(t, ada, hidden, true) // unpublished: not in the public figures
		ppFollow(t, cat, adaID, true)
		ppFollow(t, bob, adaID, true)
		ppFollow(t, ada, bobID, true)

		p := ppProfile(t, cat, "ada")
		vtExpectKeys(t, "profile", p, "_id", "username", "name", "profileImage", "isVerified", "createdAt",
			"followersCount", "followingCount", "totalViews", "totalLikes", "isFollowedByMe", "isFollowed")
		want := map[string]any{"_id": adaID, "username": "ada", "name": "User ada", "isVerified": true,
			"followersCount": 2.0, "followingCount": 1.0, "totalViews": 2.0, "totalLikes": 1.0,
			"isFollowedByMe": true, "isFollowed": true}
		for k, v := range want {
			if p[k] != v {
				t.Fatalf("%s = %v, want %v; %v", k, p[k], v, p)
			}
		}
		if p["createdAt"] != ada.do("GET", "/api/v1/auth/me", nil).data()["createdAt"] {
			t.Fatalf("createdAt %v", p["createdAt"])
		}
		// Names are matched trimmed and whatever their case.
		for _, name := range []string{"ADA", url.PathEscape(" Ada ")} {
			if got := ppProfile(t, cat, name)["_id"]; got != adaID {
				t.Fatalf("%q: %v", name, got)
			}
		}
		// Unfollowing shows at once; one's own profile is never followed.
		ppFollow(t, cat, adaID, false)
		if p := ppProfile(t, cat, "ada"); p["followersCount"] != 1.0 || p["isFollowedByMe"] != false || p["isFollowed"] != false {
			t.Fatalf("after unfollow %v", p)
		}
		if p := ppProfile(t, ada, "ada"); p["isFollowedByMe"] != false || p["followingCount"] != 1.0 {
			t.Fatalf("own profile %v", p)
		}
		if p := ppProfile(t, ada, "bob"); p["followersCount"] != 1.0 || p["isFollowed"] != true || p["totalViews"] != 0.0 {
			t.Fatalf("bob as ada sees him %v", p)
		}

		pendingAccount(e, "dan")
		cat.do("GET", "/api/v1/user/dan", nil).expect(t, 404, "User not found")
		cat.do("GET", "/api/v1/user/nobody", nil).expect(t, 404, "User not found")
		cat.do("GET", "/api/v1/user/not-a-name", nil).expect(t, 404, "User not found")
		expectFieldError(t, cat.do("GET", "/api/v1/user/%20", nil), "username", "Username is required")
		e.client().do("GET", "/api/v1/user/ada", nil).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestDashboardStats(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob, cat := e.member("ada"), e.member("bob"), e.member("cat")
		adaID := vtUserID(t, ada)
		stats := func(c *client) map[string]any {
			t.Helper()
			r := c.do("GET", "/api/v1/dashboard/stats", nil).expect(t, 200, "Dashboard stats fetched successfully")
			if keys := vtDataKeys(t, r); strings.Join(keys, ",") != "totalVideos,totalViews,totalFollowers,totalLikes" {
				t.Fatalf("keys %v", keys)
			}
			return r.data()
		}
		expect := func(c *client, videos, views, followers, likes float64) {
			t.Helper()
			got := stats(c)
			if got["totalVideos"] != videos || got["totalViews"] != views || got["totalFollowers"] != followers || got["totalLikes"] != likes {
				t.Fatalf("stats %v, want %v %v %v %v", got, videos, views, followers, likes)
			}
		}
		expect(ada, 0, 0, 0, 0)
		pub := ada.newVideo(t, "Public", true)
		hidden := ada.newVideo(t, "Hidden", false)
		vtView(t, bob, pub)
		vtView(t, cat, pub)
		vtView(t, ada, pub) // the owner's views never count
		ppLike(t, bob, pub, true)
		ppLike(t, ada, hidden, true) // unpublished videos count here
		ppFollow(t, cat, adaID, true)
		bob.newVideo(t, "Bob's", true)
		expect(ada, 2, 2, 1, 2)
		expect(bob, 1, 0, 0, 0)
		ada.do("DELETE", "/api/v1/video/"+hidden, nil).expect(t, 200, "Video deleted successfully")
		expect(ada, 1, 2, 1, 1)
		e.client().do("GET", "/api/v1/dashboard/stats", nil).expect(t, 401, "UNAUTHORIZED")
	})
}
