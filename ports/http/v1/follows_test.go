package v1_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestToggleFollow(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		adaID, bobID := vtUserID(t, ada), vtUserID(t, bob)
		ppFollow(t, bob, adaID, true)
		ppFollow(t, bob, adaID, false)
		ppFollow(t, bob, adaID, true)
		ppFollow(t, ada, bobID, true) // following back is another follow
		if p := ppProfile(t, bob, "ada"); p["followersCount"] != 1.0 || p["followingCount"] != 1.0 {
			t.Fatalf("profile %v", p)
		}
		bob.do("POST", "/api/v1/follower/toggle/"+bobID, nil).expect(t, 400, "You cannot follow yourself")
		// An unknown user is 404 before anything else is checked.
		bob.do("POST", "/api/v1/follower/toggle/"+vtMissingID, nil).expect(t, 404, "User not found")
		expectFieldError(t, bob.do("POST", "/api/v1/follower/toggle/"+adaID+"0", nil), "userId", "Invalid ID")
		e.client().do("POST", "/api/v1/follower/toggle/"+adaID, nil).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestFollowLists(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		adaID := vtUserID(t, ada)
		var fans []*client
		var fanIDs, stamps []string
		for _, name := range []string{"bob", "cat", "dan"} {
			c := e.member(name)
			fans, fanIDs = append(fans, c), append(fanIDs, vtUserID(t, c))
			e.clock.Advance(time.Minute)
			stamps = append(stamps, vtStamp(e))
			ppFollow(t, c, adaID, true)
		}
		for _, id := range fanIDs[:2] {
			e.clock.Advance(time.Minute)
			ppFollow(t, ada, id, true)
		}
		list := func(path string, msg string) *resp {
			t.Helper()
			return fans[0].do("GET", "/api/v1/follower/"+path, nil).expect(t, 200, msg)
		}
		followers := func(query string) *resp {
			t.Helper()
			return list("followers/"+adaID+query, "Followers fetched successfully")
		}

		r := followers("")
		vtExpectPage(t, r, 3, 10, 1, 1, 0, 0)
		docs := vtDocs(t, r)
		ppExpect(t, "newest first", ppValues(docs, "username"), "dan", "cat", "bob")
		vtExpectKeys(t, "entry", docs[2], "_id", "username", "name", "profileImage", "userId", "createdAt")
		if docs[2]["userId"] != fanIDs[0] || docs[2]["name"] != "User bob" || docs[2]["createdAt"] != stamps[0] ||
			docs[2]["_id"] == fanIDs[0] || docs[2]["_id"] == docs[1]["_id"] {
			t.Fatalf("entry %v", docs[2])
		}
		ppExpect(t, "asc", ppValues(vtDocs(t, followers("?sortOrder=asc&sortBy=createdAt")), "username"), "bob", "cat", "dan")
		ppExpect(t, "desc", ppValues(vtDocs(t, followers("?sortOrder=desc")), "username"), "dan", "cat", "bob")
		r = followers("?limit=2")
		vtExpectPage(t, r, 3, 2, 1, 2, 0, 2)
		ppExpect(t, "page 1", ppValues(vtDocs(t, r), "username"), "dan", "cat")
		r = followers("?limit=2&page=2")
		vtExpectPage(t, r, 3, 2, 2, 2, 1, 0)
		ppExpect(t, "page 2", ppValues(vtDocs(t, r), "username"), "bob")
		vtExpectPage(t, followers("?limit=abc&page=-1"), 3, 10, 1, 1, 0, 0)

		r = list("following/"+adaID, "Following list fetched successfully")
		docs = vtDocs(t, r)
		ppExpect(t, "following", ppValues(docs, "userId"), fanIDs[1], fanIDs[0])
		ppExpect(t, "following names", ppValues(docs, "username"), "cat", "bob")
		vtExpectPage(t, list("following/"+fanIDs[2], "Following list fetched successfully"), 1, 10, 1, 1, 0, 0)
		vtExpectPage(t, list("followers/"+fanIDs[2], "Followers fetched successfully"), 0, 10, 1, 1, 0, 0)

		// Unfollowing shows at once.
		ppFollow(t, fans[1], adaID, false)
		ppExpect(t, "after unfollow", ppValues(vtDocs(t, followers("")), "username"), "dan", "bob")

		for _, path := range []string{"followers/", "following/"} {
			expectFieldError(t, fans[0].do("GET", "/api/v1/follower/"+path+adaID+"?sortBy=username", nil),
				"sortBy", `Invalid option: expected one of "createdAt"`)
			expectFieldError(t, fans[0].do("GET", "/api/v1/follower/"+path+adaID+"?sortOrder=up", nil),
				"sortOrder", `Invalid option: expected one of "asc"|"desc"`)
			fans[0].do("GET", "/api/v1/follower/"+path+vtMissingID, nil).expect(t, 404, "User not found")
			expectFieldError(t, fans[0].do("GET", "/api/v1/follower/"+path+"abc", nil), "userId", "Invalid ID")
			e.client().do("GET", "/api/v1/follower/"+path+adaID, nil).expect(t, 401, "UNAUTHORIZED")
		}
	})
}

// Racing follow toggles never fail, and every figure agrees on the state
// they leave.
func TestConcurrentFollowToggles(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		adaID := vtUserID(t, ada)
		var fans []*client
		for i := range 8 {
			fans = append(fans, e.member(fmt.Sprintf("fan%d", i)))
		}
		var wg sync.WaitGroup
		statuses := make(chan int, 20+len(fans))
		for range 20 {
			wg.Go(func() { statuses <- bob.do("POST", "/api/v1/follower/toggle/"+adaID, nil).Status })
		}
		for _, f := range fans {
			wg.Go(func() { statuses <- f.do("POST", "/api/v1/follower/toggle/"+adaID, nil).Status })
		}
		wg.Wait()
		close(statuses)
		for s := range statuses {
			if s != http.StatusOK {
				t.Fatalf("a toggle got %d", s)
			}
		}
		p := ppProfile(t, bob, "ada")
		follows := p["isFollowedByMe"] == true
		want := float64(len(fans))
		if follows {
			want++
		}
		if p["followersCount"] != want {
			t.Fatalf("followersCount %v, isFollowedByMe %v, want %v", p["followersCount"], follows, want)
		}
		r := bob.do("GET", "/api/v1/follower/followers/"+adaID+"?limit=100", nil).expect(t, 200, "Followers fetched successfully")
		if r.data()["totalDocs"] != want || float64(len(vtDocs(t, r))) != want {
			t.Fatalf("list %v, want %v", r.data()["totalDocs"], want)
		}
		if stats := ada.do("GET", "/api/v1/dashboard/stats", nil).data(); stats["totalFollowers"] != want {
			t.Fatalf("dashboard %v, want %v", stats, want)
		}
		ppFollow(t, bob, adaID, !follows)
	})
}
