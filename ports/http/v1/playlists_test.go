package v1_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestCreatePlaylist(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := ctJoin(t, e, "ada")
		now := ctTick(e)
		r := ada.do("POST", "/api/v1/playlist", map[string]any{"name": "  Warm-ups "}).expect(t, 201, "Playlist created successfully")
		ctSame(t, "created", r.data(), map[string]any{"_id": r.data()["_id"], "owner": ada.id, "videos": []any{},
			"name": "Warm-ups", "description": "", "isPublished": true, "createdAt": now, "updatedAt": now})
		if got := vtDataKeys(t, r); !slices.Equal(got, []string{"_id", "owner", "videos", "name", "description", "isPublished", "createdAt", "updatedAt"}) {
			t.Errorf("keys %v", got)
		}
		r = ada.do("POST", "/api/v1/playlist/", map[string]any{"name": "Private", "description": " Mine\nonly ", "isPublished": false}).
			expect(t, 201, "Playlist created successfully")
		if d := r.data(); d["description"] != "Mine\nonly" || d["isPublished"] != false {
			t.Errorf("created %s", r.Raw)
		}
		for _, tc := range []struct {
			body    any
			message string
		}{
			{map[string]any{}, "Invalid input: expected string, received undefined"},
			{map[string]any{"name": ""}, "Playlist title is required"},
			{map[string]any{"name": "   "}, "Playlist title is required"},
			{map[string]any{"name": strings.Repeat("n", 101)}, "Title must be less than 100 characters"},
			{map[string]any{"name": "ok", "description": strings.Repeat("d", 501)}, "Description must be less than 500 characters"},
			{map[string]any{"name": "ok", "isPublished": "true"}, "Invalid input: expected boolean, received string"},
			{map[string]any{"name": "ok", "isPublished": nil}, "Invalid input: expected boolean, received null"},
			{map[string]any{"name": 5, "description": 6}, "Invalid input: expected string, received number, Invalid input: expected string, received number"},
			{"[]", "Invalid input: expected object, received array"},
			{nil, "Invalid input: expected object, received undefined"},
		} {
			ada.do("POST", "/api/v1/playlist", tc.body).expect(t, 400, tc.message)
		}
		r = ada.do("POST", "/api/v1/playlist", map[string]any{"name": "", "isPublished": "yes"}).expect(t, 400,
			"Playlist title is required, Invalid input: expected boolean, received string")
		ctSame(t, "errors", r.Body["errors"], []any{
			map[string]any{"field": "name", "message": "Playlist title is required"},
			map[string]any{"field": "isPublished", "message": "Invalid input: expected boolean, received string"},
		})
		e.client().do("POST", "/api/v1/playlist", map[string]any{"name": "x"}).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestEditAndDeletePlaylist(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		created := ctTick(e)
		pid := ctPlaylist(t, ada.client, map[string]any{"name": "Salsa", "description": "basics"})
		edited := ctTick(e)
		r := ada.do("PATCH", "/api/v1/playlist/"+pid, map[string]any{"description": " advanced "}).expect(t, 200, "Playlist updated successfully")
		ctSame(t, "edited", r.data(), map[string]any{"_id": pid, "owner": ada.id, "videos": []any{}, "name": "Salsa",
			"description": "advanced", "isPublished": true, "createdAt": created, "updatedAt": edited})
		r = ada.do("PATCH", "/api/v1/playlist/"+pid, map[string]any{"name": "Bachata", "isPublished": false}).expect(t, 200, "Playlist updated successfully")
		if d := r.data(); d["name"] != "Bachata" || d["description"] != "advanced" || d["isPublished"] != false {
			t.Errorf("edited %s", r.Raw)
		}
		r = ada.do("PATCH", "/api/v1/playlist/"+pid, map[string]any{}).expect(t, 200, "Playlist updated successfully")
		if d := r.data(); d["name"] != "Bachata" || d["isPublished"] != false {
			t.Errorf("empty edit %s", r.Raw)
		}
		for _, tc := range []struct {
			body    any
			message string
		}{
			{nil, "Invalid input: expected object, received undefined"},
			{map[string]any{"isPublished": nil}, "Invalid input: expected boolean, received null"},
			{map[string]any{"isPublished": "false"}, "Invalid input: expected boolean, received string"},
			{map[string]any{"name": nil}, "Invalid input: expected string, received null"},
			{map[string]any{"name": " "}, "Playlist title is required"},
			{map[string]any{"description": strings.Repeat("d", 501)}, "Description must be less than 500 characters"},
		} {
			ada.do("PATCH", "/api/v1/playlist/"+pid, tc.body).expect(t, 400, tc.message)
		}
		// Someone else's private playlist does not exist for them; a public one is forbidden.
		bob.do("PATCH", "/api/v1/playlist/"+pid, map[string]any{"name": "x"}).expect(t, 404, "Playlist not found")
		bob.do("DELETE", "/api/v1/playlist/"+pid, nil).expect(t, 404, "Playlist not found")
		ada.do("PATCH", "/api/v1/playlist/"+pid, map[string]any{"isPublished": true}).expect(t, 200, "Playlist updated successfully")
		bob.do("PATCH", "/api/v1/playlist/"+pid, map[string]any{"name": "x"}).expect(t, 403, "You are not authorized to update this playlist")
		bob.do("DELETE", "/api/v1/playlist/"+pid, nil).expect(t, 403, "You are not authorized to delete this playlist")
		ada.do("PATCH", "/api/v1/playlist/"+vtMissingID, map[string]any{"name": "x"}).expect(t, 404, "Playlist not found")
		ada.do("PATCH", "/api/v1/playlist/nope", map[string]any{"name": "x"}).expect(t, 400, "Invalid ID")
		e.client().do("PATCH", "/api/v1/playlist/"+pid, map[string]any{"name": "x"}).expect(t, 401, "UNAUTHORIZED")

		vid := ada.newVideo(t, "Kept", true)
		ada.do("POST", "/api/v1/playlist/"+pid+"/videos/"+vid, nil).expect(t, 200, "Video added to playlist successfully")
		r = ada.do("DELETE", "/api/v1/playlist/"+pid, nil).expect(t, 200, "Playlist deleted successfully")
		if _, has := r.Body["data"]; has {
			t.Errorf("delete answers data: %s", r.Raw)
		}
		ada.do("GET", "/api/v1/playlist/"+pid, nil).expect(t, 404, "Playlist not found")
		ada.do("DELETE", "/api/v1/playlist/"+pid, nil).expect(t, 404, "Playlist not found")
		ada.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully") // its videos stay
		ada.do("DELETE", "/api/v1/playlist/bad", nil).expect(t, 400, "Invalid ID")
		e.client().do("DELETE", "/api/v1/playlist/"+pid, nil).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestPlaylistAddAndRemoveVideos(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		pid := ctPlaylist(t, ada.client, map[string]any{"name": "Mix"})
		mine, draft := ada.newVideo(t, "Mine", true), ada.newVideo(t, "Draft", false)
		theirs, theirDraft := bob.newVideo(t, "Theirs", true), bob.newVideo(t, "Their draft", false)
		add := func(c *client, video string) *resp {
			return c.do("POST", "/api/v1/playlist/"+pid+"/videos/"+video, nil)
		}
		remove := func(c *client, video string) *resp {
			return c.do("DELETE", "/api/v1/playlist/"+pid+"/videos/"+video, nil)
		}
		videos := func(r *resp) []any { return r.data()["videos"].([]any) }

		at := ctTick(e)
		r := add(ada.client, mine).expect(t, 200, "Video added to playlist successfully")
		ctSame(t, "added", r.data()["videos"], []string{mine})
		if r.data()["updatedAt"] != at || r.data()["owner"] != ada.id {
			t.Errorf("added %s", r.Raw)
		}
		ctSame(t, "again", videos(add(ada.client, mine).expect(t, 200, "Video added to playlist successfully")), []string{mine})
		add(ada.client, draft).expect(t, 200, "Video added to playlist successfully") // her own, unpublished
		ctSame(t, "order", videos(add(ada.client, theirs).expect(t, 200, "Video added to playlist successfully")), []string{mine, draft, theirs})
		add(ada.client, theirDraft).expect(t, 404, "Video not found")
		add(ada.client, vtMissingID).expect(t, 404, "Video not found")
		add(bob.client, theirs).expect(t, 403, "You are not authorized to add videos to this playlist")
		remove(bob.client, mine).expect(t, 403, "You are not authorized to remove videos from this playlist")
		ada.do("POST", "/api/v1/playlist/"+vtMissingID+"/videos/"+mine, nil).expect(t, 404, "Playlist not found")
		ada.do("DELETE", "/api/v1/playlist/"+vtMissingID+"/videos/"+mine, nil).expect(t, 404, "Playlist not found")
		ada.do("POST", "/api/v1/playlist/x/videos/"+mine, nil).expect(t, 400, "Invalid ID")
		ada.do("POST", "/api/v1/playlist/"+pid+"/videos/x", nil).expect(t, 400, "Invalid ID")
		ada.do("DELETE", "/api/v1/playlist/"+pid+"/videos/x", nil).expect(t, 400, "Invalid ID")
		e.client().do("POST", "/api/v1/playlist/"+pid+"/videos/"+mine, nil).expect(t, 401, "UNAUTHORIZED")
		e.client().do("DELETE", "/api/v1/playlist/"+pid+"/videos/"+mine, nil).expect(t, 401, "UNAUTHORIZED")

		ctSame(t, "removed", videos(remove(ada.client, mine).expect(t, 200, "Video removed from playlist successfully")), []string{draft, theirs})
		// Taking out a video the playlist does not hold (or that does not exist) changes nothing.
		ctSame(t, "absent", videos(remove(ada.client, vtMissingID).expect(t, 200, "Video removed from playlist successfully")), []string{draft, theirs})

		// Once private, the playlist is not found by others, whatever they try.
		ada.do("PATCH", "/api/v1/playlist/"+pid, map[string]any{"isPublished": false}).expect(t, 200, "Playlist updated successfully")
		add(bob.client, theirs).expect(t, 404, "Playlist not found")
		remove(bob.client, theirs).expect(t, 404, "Playlist not found")
		add(ada.client, mine).expect(t, 200, "Video added to playlist successfully")
	})
}

// Concurrent adds and removes on one playlist never fail and leave exactly
// what they asked for: each video once.
func TestPlaylistConcurrentChanges(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := ctJoin(t, e, "ada")
		pid := ctPlaylist(t, ada.client, map[string]any{"name": "Busy"})
		var kept, dropped []string
		for i := range 5 {
			kept = append(kept, ada.newVideo(t, fmt.Sprintf("Kept %d", i), true))
			v := ada.newVideo(t, fmt.Sprintf("Dropped %d", i), true)
			ada.do("POST", "/api/v1/playlist/"+pid+"/videos/"+v, nil).expect(t, 200, "Video added to playlist successfully")
			dropped = append(dropped, v)
		}
		var wg sync.WaitGroup
		statuses := make([]int, 20)
		for g := range 20 {
			wg.Go(func() {
				// Each video is added (or removed) by two goroutines at once.
				method, video := "POST", kept[g%5]
				if g >= 10 {
					method, video = "DELETE", dropped[g%5]
				}
				req := e.client()
				req.cookies = maps.Clone(ada.cookies) // the same session, from 20 goroutines
				statuses[g] = req.do(method, "/api/v1/playlist/"+pid+"/videos/"+video, nil).Status
			})
		}
		wg.Wait()
		for g, s := range statuses {
			if s != 200 {
				t.Errorf("goroutine %d: status %d", g, s)
			}
		}
		r := ada.do("GET", "/api/v1/playlist/"+pid, nil).expect(t, 200, "Playlist fetched successfully")
		var got []string
		for _, v := range r.data()["videos"].([]any) {
			got = append(got, v.(map[string]any)["_id"].(string))
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(kept))
		if !slices.Equal(got, want) {
			t.Fatalf("videos %v, want %v", got, want)
		}
		r = ada.do("GET", "/api/v1/playlist/me", nil).expect(t, 200, "playlists fetched successfully")
		if d := vtDocs(t, r)[0]; d["totalVideos"] != 5.0 || len(d["videos"].([]any)) != 5 {
			t.Errorf("me: %v", d)
		}
	})
}
