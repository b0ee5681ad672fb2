package v1_test

import (
	"slices"
	"testing"
)

// ctPlaylistScene is ada's public playlist holding her published video,
// her unpublished one and bob's published one, in that order, and her
// private playlist holding her published video.
type ctPlaylistScene struct {
	ada, bob            ctMember
	public, private     string
	mine, draft, theirs string
	created, updated    string
	mineDetail          map[string]any
}

func ctPlaylists(t *testing.T, e *env) ctPlaylistScene {
	t.Helper()
	s := ctPlaylistScene{ada: ctJoin(t, e, "ada"), bob: ctJoin(t, e, "bob")}
	s.mine, s.draft = s.ada.newVideo(t, "Mine", true), s.ada.newVideo(t, "Draft", false)
	s.theirs = s.bob.newVideo(t, "Theirs", true)
	s.mineDetail = s.ada.do("GET", "/api/v1/video/"+s.mine, nil).expect(t, 200, "Video fetched successfully").data()
	s.created = ctTick(e)
	s.public = ctPlaylist(t, s.ada.client, map[string]any{"name": "Salsa (basics)", "description": "Steps"})
	s.private = ctPlaylist(t, s.ada.client, map[string]any{"name": "Secret salsa", "isPublished": false})
	for _, v := range []string{s.mine, s.draft, s.theirs} {
		s.ada.do("POST", "/api/v1/playlist/"+s.public+"/videos/"+v, nil).expect(t, 200, "Video added to playlist successfully")
	}
	s.updated = ctTime(e)
	s.ada.do("POST", "/api/v1/playlist/"+s.private+"/videos/"+s.mine, nil).expect(t, 200, "Video added to playlist successfully")
	return s
}

// ctThumb returns the thumbnail URL of a video of the scene, as its owner reads it.
func ctThumb(t *testing.T, c *client, video string) string {
	t.Helper()
	d := c.do("GET", "/api/v1/video/"+video, nil).expect(t, 200, "Video fetched successfully").data()
	return d["thumbnail"].(map[string]any)["url"].(string)
}

func TestGetPlaylist(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		s := ctPlaylists(t, e)
		r := s.bob.do("GET", "/api/v1/playlist/"+s.public, nil).expect(t, 200, "Playlist fetched successfully")
		if got := vtDataKeys(t, r); !slices.Equal(got, []string{"_id", "owner", "videos", "totalVideos", "name", "description", "isPublished", "createdAt", "updatedAt"}) {
			t.Errorf("keys %v", got)
		}
		m := s.mineDetail
		mineItem := map[string]any{"_id": s.mine, "owner": s.ada.owner, "videoFile": m["videoFile"],
			"thumbnail": m["thumbnail"].(map[string]any)["url"], "title": "Mine", "duration": m["duration"], "views": m["views"],
			"isPublished": true, "createdAt": m["createdAt"], "updatedAt": r.data()["videos"].([]any)[0].(map[string]any)["updatedAt"]}
		ctSame(t, "bob's view", r.data(), map[string]any{"_id": s.public, "owner": s.ada.owner, "name": "Salsa (basics)",
			"description": "Steps", "isPublished": true, "createdAt": s.created, "updatedAt": s.updated,
			"videos": []any{mineItem, r.data()["videos"].([]any)[1]}, "totalVideos": float64(2)})
		// Bob sees his own video, not ada's unpublished one.
		if v := r.data()["videos"].([]any)[1].(map[string]any); v["_id"] != s.theirs || v["owner"].(map[string]any)["_id"] != s.bob.id {
			t.Errorf("second video %v", v)
		}
		// Ada sees her unpublished video too, in playlist order.
		r = s.ada.do("GET", "/api/v1/playlist/"+s.public, nil).expect(t, 200, "Playlist fetched successfully")
		var ids []string
		for _, v := range r.data()["videos"].([]any) {
			ids = append(ids, v.(map[string]any)["_id"].(string))
		}
		if !slices.Equal(ids, []string{s.mine, s.draft, s.theirs}) || r.data()["videos"].([]any)[1].(map[string]any)["isPublished"] != false ||
			r.data()["totalVideos"] != float64(3) {
			t.Errorf("ada's view %s", r.Raw)
		}
		// A private playlist exists only for its owner.
		s.bob.do("GET", "/api/v1/playlist/"+s.private, nil).expect(t, 404, "Playlist not found")
		s.ada.do("GET", "/api/v1/playlist/"+s.private, nil).expect(t, 200, "Playlist fetched successfully")
		s.bob.do("GET", "/api/v1/playlist/"+vtMissingID, nil).expect(t, 404, "Playlist not found")
		s.bob.do("GET", "/api/v1/playlist/zzz", nil).expect(t, 400, "Invalid ID")
		e.client().do("GET", "/api/v1/playlist/"+s.public, nil).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestPlaylistLists(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		s := ctPlaylists(t, e)
		thumb := ctThumb(t, s.ada.client, s.mine)

		r := s.ada.do("GET", "/api/v1/playlist/me", nil).expect(t, 200, "playlists fetched successfully")
		ctSame(t, "me", vtDocs(t, r), []map[string]any{
			{"_id": s.private, "name": "Secret salsa", "description": "", "videos": []string{s.mine}, "totalVideos": 1,
				"playlistThumbnail": thumb, "isPublished": false, "createdAt": s.created, "updatedAt": vtDocs(t, r)[0]["updatedAt"]},
			{"_id": s.public, "name": "Salsa (basics)", "description": "Steps", "videos": []string{s.mine, s.draft, s.theirs},
				"totalVideos": 3, "playlistThumbnail": thumb, "isPublished": true, "createdAt": s.created, "updatedAt": s.updated},
		})
		ctSame(t, "me page", ctPage(r), ctFigures(2, 10, 1))
		if r.data()["nextCursor"] != nil {
			t.Errorf("nextCursor %s", r.Raw)
		}
		r = s.ada.do("GET", "/api/v1/playlist/me?page=2&limit=1", nil).expect(t, 200, "playlists fetched successfully")
		vtExpectIDs(t, r, s.public)
		vtExpectIDs(t, s.bob.do("GET", "/api/v1/playlist/me?limit=500", nil).expect(t, 200, "playlists fetched successfully"))

		// Another user's view: public playlists only, and only the videos they may see count.
		r = s.bob.do("GET", "/api/v1/playlist/user/"+s.ada.id, nil).expect(t, 200, "User playlists fetched successfully")
		ctSame(t, "user", ctArray(t, r), []map[string]any{{"_id": s.public, "owner": s.ada.id, "name": "Salsa (basics)",
			"description": "Steps", "isPublished": true, "createdAt": s.created, "updatedAt": s.updated, "totalVideos": 2,
			"playlistThumbnail": thumb}})
		if d := ctArray(t, s.ada.do("GET", "/api/v1/playlist/user/"+s.ada.id, nil).expect(t, 200, "User playlists fetched successfully")); len(d) != 1 || d[0]["totalVideos"] != 3.0 {
			t.Errorf("ada's own public list %v", d)
		}
		if d := ctArray(t, s.bob.do("GET", "/api/v1/playlist/user/"+s.ada.id+"?page=2&limit=1", nil).expect(t, 200, "User playlists fetched successfully")); len(d) != 0 {
			t.Errorf("page 2: %v", d)
		}
		s.bob.do("GET", "/api/v1/playlist/user/"+vtMissingID, nil).expect(t, 404, "User not found")
		s.bob.do("GET", "/api/v1/playlist/user/ada", nil).expect(t, 400, "Invalid ID")
		e.client().do("GET", "/api/v1/playlist/user/"+s.ada.id, nil).expect(t, 401, "UNAUTHORIZED")
		e.client().do("GET", "/api/v1/playlist/me", nil).expect(t, 401, "UNAUTHORIZED")
		s.ada.do("GET", "/api/v1/playlist/me?page=%01", nil).expect(t, 400, "Invalid input: control characters are not allowed")
	})
}

func TestSearchPlaylists(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		s := ctPlaylists(t, e)
		thumb := ctThumb(t, s.ada.client, s.mine)
		want := []map[string]any{{"_id": s.public, "name": "Salsa (basics)", "description": "Steps", "owner": s.ada.owner,
			"totalVideos": 2, "playlistThumbnail": thumb, "createdAt": s.created, "updatedAt": s.updated}}
		// Literal, case-insensitive, on name or description; private playlists are never found.
		for _, q := range []string{"SALSA", "(basics", "step", "%28B"} {
			r := s.bob.do("GET", "/api/v1/playlist/search?query="+q, nil).expect(t, 200, "Playlists fetched successfully")
			ctSame(t, "search "+q, ctArray(t, r), want)
		}
		for _, q := range []string{"", "%20%20", "secret", ".*", "salsa&page=2", "nothing"} {
			r := s.bob.do("GET", "/api/v1/playlist/search?query="+q, nil).expect(t, 200, "Playlists fetched successfully")
			if d := ctArray(t, r); len(d) != 0 {
				t.Errorf("query %q found %v", q, d)
			}
		}
		s.bob.do("GET", "/api/v1/playlist/search", nil).expect(t, 200, "Playlists fetched successfully")
		// ada counts her unpublished video.
		if d := ctArray(t, s.ada.do("GET", "/api/v1/playlist/search?query=salsa&limit=1000&page=-1", nil).expect(t, 200, "Playlists fetched successfully")); len(d) != 1 || d[0]["totalVideos"] != 3.0 {
			t.Errorf("ada's search %v", d)
		}
		long := make([]byte, 501)
		for i := range long {
			long[i] = 'a'
		}
		s.bob.do("GET", "/api/v1/playlist/search?query="+string(long), nil).expect(t, 400, "Search query must be at most 500 characters")
		s.bob.do("GET", "/api/v1/playlist/search?query=a&query=b", nil).expect(t, 400, "Invalid input: expected string, received array")
		s.bob.do("GET", "/api/v1/playlist/search?query=%01", nil).expect(t, 400, "Invalid input: control characters are not allowed")
		e.client().do("GET", "/api/v1/playlist/search?query=salsa", nil).expect(t, 401, "UNAUTHORIZED")
	})
}

// Deleting a video removes its comments with their likes, its likes and
// its playlist entries: each is gone for the API afterwards.
func TestDeletingVideoRemovesItsContent(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		s := ctPlaylists(t, e)
		cid := ctComment(t, s.bob.client, "video-comments", s.mine, "nice")
		s.bob.do("POST", "/api/v1/like/toggle-comment-like/"+cid, nil).expect(t, 200, "Comment liked successfully")
		s.bob.do("POST", "/api/v1/like/toggle-video-like/"+s.mine, nil).expect(t, 200, "Video liked successfully")
		s.bob.do("POST", "/api/v1/like/toggle-video-like/"+s.theirs, nil).expect(t, 200, "Video liked successfully")

		s.ada.do("DELETE", "/api/v1/video/"+s.mine, nil).expect(t, 200, "Video deleted successfully")
		s.bob.do("POST", "/api/v1/like/toggle-comment-like/"+cid, nil).expect(t, 404, "Comment not found")
		s.bob.do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": "x"}).expect(t, 404, "Comment not found")
		s.bob.do("GET", "/api/v1/comment/video-comments/"+s.mine, nil).expect(t, 404, "Video not found")
		liked := ctArray(t, s.bob.do("GET", "/api/v1/like/liked-videos", nil).expect(t, 200, "Liked videos fetched successfully"))
		if len(liked) != 1 || liked[0]["_id"] != s.theirs {
			t.Errorf("liked videos %v", liked)
		}
		r := s.ada.do("GET", "/api/v1/playlist/"+s.public, nil).expect(t, 200, "Playlist fetched successfully")
		var ids []string
		for _, v := range r.data()["videos"].([]any) {
			ids = append(ids, v.(map[string]any)["_id"].(string))
		}
		if !slices.Equal(ids, []string{s.draft, s.theirs}) {
			t.Errorf("playlist videos %v", ids)
		}
		r = s.ada.do("GET", "/api/v1/playlist/me", nil).expect(t, 200, "playlists fetched successfully")
		if d := vtDocs(t, r); d[0]["totalVideos"] != 0.0 || d[0]["playlistThumbnail"] != nil || d[1]["totalVideos"] != 2.0 {
			t.Errorf("me after delete %v", d)
		}
	})
}
