package v1_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// Helpers of the comment, community post and playlist tests. Their names
// start with ct so that they do not collide with other test files.

// ctTime is the JSON form of the env's clock now.
func ctTime(e *env) string { return e.clock.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

// ctTick advances the env's clock by a second and returns the new time in
// JSON form, so that items made one after the other have distinct times.
func ctTick(e *env) string {
	e.clock.Advance(time.Second)
	return ctTime(e)
}

// ctMember is a signed-in member with its id and short form (OwnerMini).
type ctMember struct {
	*client
	id    string
	owner map[string]any
}

// ctJoin signs up a member and reads its id and short form.
func ctJoin(t *testing.T, e *env, username string) ctMember {
	t.Helper()
	c := e.member(username)
	me := c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully").data()
	return ctMember{client: c, id: me["_id"].(string), owner: map[string]any{
		"_id": me["_id"], "username": me["username"], "name": me["name"], "profileImage": me["profileImage"],
	}}
}

// ctPost publishes a community post and returns its id.
func ctPost(t *testing.T, c *client, content string) string {
	t.Helper()
	r := c.do("POST", "/api/v1/communitypost", map[string]any{"content": content}).
		expect(t, 201, "Community post created successfully")
	return r.data()["_id"].(string)
}

// ctComment writes a comment under a video ("video-comments") or a post
// ("post-comments") and returns its id.
func ctComment(t *testing.T, c *client, kind, parent, content string) string {
	t.Helper()
	r := c.do("POST", "/api/v1/comment/"+kind+"/"+parent, map[string]any{"content": content}).
		expect(t, 201, "Comment added successfully")
	return r.data()["_id"].(string)
}

// ctPlaylist makes a playlist and returns its id.
func ctPlaylist(t *testing.T, c *client, body map[string]any) string {
	t.Helper()
	r := c.do("POST", "/api/v1/playlist", body).expect(t, 201, "Playlist created successfully")
	return r.data()["_id"].(string)
}

// ctSame fails unless got equals want once both are JSON values (so that
// numbers compare as float64 and nil slices as null).
func ctSame(t testing.TB, what string, got, want any) {
	t.Helper()
	norm := func(v any) any {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if g, w := norm(got), norm(want); !reflect.DeepEqual(g, w) {
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		t.Fatalf("%s:\n got %s\nwant %s", what, gj, wj)
	}
}

// ctPage returns the paginated object of an answer without its docs and
// cursor, for comparing the page figures.
func ctPage(r *resp) map[string]any {
	out := map[string]any{}
	for k, v := range r.data() {
		if k != "docs" && k != "nextCursor" {
			out[k] = v
		}
	}
	return out
}

// ctFigures builds the figures ctPage returns for a page read by number.
func ctFigures(total, limit, page int) map[string]any {
	pages := max(1, (total+limit-1)/limit)
	out := map[string]any{"totalDocs": total, "limit": limit, "page": page, "totalPages": pages,
		"pagingCounter": (page-1)*limit + 1, "hasPrevPage": page > 1, "hasNextPage": page < pages,
		"prevPage": nil, "nextPage": nil}
	if page > 1 {
		out["prevPage"] = page - 1
	}
	if page < pages {
		out["nextPage"] = page + 1
	}
	return out
}

// ctArray returns data of an answer whose data is a plain array.
func ctArray(t testing.TB, r *resp) []map[string]any {
	t.Helper()
	raw, ok := r.Body["data"].([]any)
	if !ok {
		t.Fatalf("data is not an array: %.300s", r.Raw)
	}
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i] = v.(map[string]any)
	}
	return out
}

// ctCursor returns the nextCursor of a paginated answer ("" when null).
func ctCursor(r *resp) string { s, _ := r.data()["nextCursor"].(string); return s }

// ctFirstDoc returns the raw JSON of the first doc of a paginated answer,
// for reading its key order.
func ctFirstDoc(t testing.TB, r *resp) []byte {
	t.Helper()
	var env struct {
		Data struct {
			Docs []json.RawMessage `json:"docs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(r.Raw, &env); err != nil || len(env.Data.Docs) == 0 {
		t.Fatalf("no docs: %v %.300s", err, r.Raw)
	}
	return env.Data.Docs[0]
}
