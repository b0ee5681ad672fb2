package v1_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// vtPaginationKeys are the keys of every paginated object, in sent order.
var vtPaginationKeys = []string{"docs", "totalDocs", "limit", "page", "totalPages", "pagingCounter",
	"hasPrevPage", "hasNextPage", "prevPage", "nextPage", "nextCursor"}

// vtExpectPage checks the pagination fields of an answer; prev and next
// are 0 for null.
func vtExpectPage(t testing.TB, r *resp, total, limit, page, totalPages, prev, next int) {
	t.Helper()
	if keys := vtDataKeys(t, r); !slices.Equal(keys, vtPaginationKeys) {
		t.Fatalf("data keys %v, want %v", keys, vtPaginationKeys)
	}
	d := r.data()
	link := func(n int) any {
		if n == 0 {
			return nil
		}
		return float64(n)
	}
	want := map[string]any{
		"totalDocs": float64(total), "limit": float64(limit), "page": float64(page), "totalPages": float64(totalPages),
		"pagingCounter": float64((page-1)*limit + 1), "hasPrevPage": prev != 0, "hasNextPage": next != 0,
		"prevPage": link(prev), "nextPage": link(next),
	}
	for k, v := range want {
		if d[k] != v {
			t.Fatalf("%s = %v, want %v; body %.800s", k, d[k], v, r.Raw)
		}
	}
}

func TestVideoListOnlyPublishedNewestFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	adaID := vtUserID(t, ada)
	v1 := ada.newVideo(t, "First", true)
	e.clock.Advance(time.Minute)
	ada.newVideo(t, "Hidden", false)
	e.clock.Advance(time.Minute)
	v3 := ada.newVideo(t, "Third", true)
	e.clock.Advance(time.Minute)
	v4 := bob.newVideo(t, "Bob's", true)
	e.clock.Advance(time.Minute)
	// Publishing late does not make a video newer.
	late := ada.newVideo(t, "Late", false)
	e.clock.Advance(time.Minute)

	r := bob.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched")
	vtExpectIDs(t, r, v4, v3, v1)
	vtExpectPage(t, r, 3, 10, 1, 1, 0, 0)
	if r.data()["nextCursor"] != nil {
		t.Fatalf("nextCursor %v", r.data()["nextCursor"])
	}
	ada.do("PATCH", "/api/v1/video/publish-status/"+late, nil).expect(t, 200, "Video is now published")
	r = bob.do("GET", "/api/v1/video?sortOrder=desc", nil).expect(t, 200, "Videos fetched")
	vtExpectIDs(t, r, late, v4, v3, v1)
	vtExpectIDs(t, bob.do("GET", "/api/v1/video?sortBy=createdAt&sortOrder=asc", nil).expect(t, 200, "Videos fetched"), v1, v3, v4, late)

	// The list shape.
	doc := vtDocs(t, r)[2]
	vtExpectKeys(t, "list doc", doc, "_id", "owner", "title", "views", "duration", "createdAt", "isPublished",
		"likesCount", "videoFile", "thumbnail")
	vtExpectKeys(t, "owner", doc["owner"].(map[string]any), "_id", "username", "name", "profileImage")
	if doc["owner"].(map[string]any)["_id"] != adaID || doc["isPublished"] != true || doc["likesCount"] != float64(0) ||
		doc["title"] != "Third" || doc["duration"] != float64(2) {
		t.Fatalf("doc %v", doc)
	}
	vtExpectKeys(t, "videoFile", doc["videoFile"].(map[string]any), "url", "public_id")
	vtExpectKeys(t, "thumbnail", doc["thumbnail"].(map[string]any), "url", "public_id")
}

func TestVideoListSorting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, u := range []string{"ada", "bob", "cat"} {
		e.signup(u)
	}
	ada, bob, cat := e.login("ada"), e.login("bob"), e.login("cat")
	// Each order is a different permutation of a, b and c.
	a := vtPublish(t, ada, "Charlie", "quicktime.mov") // 1.0 s, 1 view
	e.clock.Advance(time.Minute)
	b := vtPublish(t, ada, "Alpha", "moov-first.mp4") // 2.0 s, 0 views
	e.clock.Advance(time.Minute)
	c := vtPublish(t, ada, "Bravo", "moov-last.mp4") // 1.5 s, 2 views
	bob.do("GET", "/api/v1/video/"+a, nil).expect(t, 200, "Video fetched successfully")
	bob.do("GET", "/api/v1/video/"+c, nil).expect(t, 200, "Video fetched successfully")
	cat.do("GET", "/api/v1/video/"+c, nil).expect(t, 200, "Video fetched successfully")

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{c, b, a}},
		{"sortBy=createdAt", []string{c, b, a}},
		{"sortBy=createdAt&sortOrder=asc", []string{a, b, c}},
		{"sortBy=views", []string{c, a, b}},
		{"sortBy=views&sortOrder=asc", []string{b, a, c}},
		{"sortBy=views&sortOrder=desc", []string{c, a, b}},
		{"sortBy=duration&sortOrder=asc", []string{a, c, b}},
		{"sortBy=duration&sortOrder=desc", []string{b, c, a}},
		{"sortBy=title&sortOrder=asc", []string{b, c, a}},
		{"sortBy=title", []string{a, c, b}},
		{"sortOrder=asc", []string{a, b, c}},
	} {
		r := bob.do("GET", "/api/v1/video?"+tc.query, nil).expect(t, 200, "Videos fetched")
		if got := vtIDs(t, r); !slices.Equal(got, tc.want) {
			t.Errorf("?%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	r := bob.do("GET", "/api/v1/video?sortBy=views", nil)
	var views, durations []any
	for _, d := range vtDocs(t, r) {
		views, durations = append(views, d["views"]), append(durations, d["duration"])
	}
	if fmt.Sprint(views) != "[2 1 0]" || fmt.Sprint(durations) != "[1.5 1 2]" {
		t.Fatalf("views %v durations %v", views, durations)
	}
}

func TestVideoListSearchIsLiteral(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	paren := c.newVideo(t, "Intro (part 1)", true)
	pct := c.newVideo(t, "100% real", true)
	under := c.newVideo(t, "snake_case tips", true)
	dotstar := c.newVideo(t, "regex .* magic", true)
	plain := c.newVideo(t, "Plain Title", true)
	withDesc := c.newVideo(t, "Other", true)
	c.do("PATCH", "/api/v1/video/"+withDesc, map[string]any{"title": "Other", "description": "Hidden NEEDLE inside"}).
		expect(t, 200, "Video updated successfully")
	c.newVideo(t, "(unpublished)", false)

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"(", []string{paren}},
		{"(part", []string{paren}},
		{"[", nil},
		{"%", []string{pct}},
		{"_", []string{under}},
		{".*", []string{dotstar}},
		{".", []string{dotstar}},
		{"*", []string{dotstar}},
		{"^intro", nil},
		{"INTRO (", []string{paren}},
		{"plain title", []string{plain}},
		{"needle", []string{withDesc}},
		{`\`, nil},
		{"nothing like it", nil},
	} {
		r := c.do("GET", "/api/v1/video?query="+url.QueryEscape(tc.query), nil)
		if r.Status != 200 {
			t.Errorf("query %q: %d %s", tc.query, r.Status, r.Raw)
			continue
		}
		got := vtIDs(t, r)
		if !slices.Equal(got, tc.want) || r.data()["totalDocs"] != float64(len(tc.want)) {
			t.Errorf("query %q: %v (total %v), want %v", tc.query, got, r.data()["totalDocs"], tc.want)
		}
	}
}

func TestVideoListUserFilter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, u := range []string{"ada", "bob", "cat"} {
		e.signup(u)
	}
	ada, bob, cat := e.login("ada"), e.login("bob"), e.login("cat")
	adaID, bobID, catID := vtUserID(t, ada), vtUserID(t, bob), vtUserID(t, cat)
	a1 := ada.newVideo(t, "A1", true)
	e.clock.Advance(time.Second)
	a2 := ada.newVideo(t, "A2", true)
	ada.newVideo(t, "A3", false)
	b1 := bob.newVideo(t, "B1", true)

	vtExpectIDs(t, cat.do("GET", "/api/v1/video?userId="+adaID, nil).expect(t, 200, "Videos fetched"), a2, a1)
	vtExpectIDs(t, cat.do("GET", "/api/v1/video?userId="+bobID, nil).expect(t, 200, "Videos fetched"), b1)
	vtExpectIDs(t, cat.do("GET", "/api/v1/video?userId="+catID, nil).expect(t, 200, "Videos fetched"))
	vtExpectIDs(t, cat.do("GET", "/api/v1/video?userId="+vtMissingID, nil).expect(t, 200, "Videos fetched"))
	vtExpectIDs(t, cat.do("GET", "/api/v1/video?userId="+adaID+"&query=a1", nil).expect(t, 200, "Videos fetched"), a1)
	vtExpectIDs(t, cat.do("GET", "/api/v1/video?userId="+bobID+"&query=a1", nil).expect(t, 200, "Videos fetched"))
	for _, bad := range []string{"nope", adaID[:23], adaID + "0", "%20" + "nope"} {
		cat.do("GET", "/api/v1/video?userId="+bad, nil).expect(t, 400, "Invalid ID")
	}
}

func TestVideoListPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	r := c.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched")
	want := `{"statusCode":200,"message":"Videos fetched","data":{"docs":[],"totalDocs":0,"limit":10,"page":1,` +
		`"totalPages":1,"pagingCounter":1,"hasPrevPage":false,"hasNextPage":false,"prevPage":null,"nextPage":null,` +
		`"nextCursor":null},"success":true}`
	if string(r.Raw) != want {
		t.Fatalf("empty list %s\nwant %s", r.Raw, want)
	}

	var ids []string // newest first
	for i := range 5 {
		ids = slices.Insert(ids, 0, c.newVideo(t, fmt.Sprintf("V%d", i), true))
		e.clock.Advance(time.Second)
	}
	r = c.do("GET", "/api/v1/video?limit=2", nil).expect(t, 200, "Videos fetched")
	vtExpectIDs(t, r, ids[0], ids[1])
	vtExpectPage(t, r, 5, 2, 1, 3, 0, 2)
	if cur, _ := r.data()["nextCursor"].(string); cur == "" {
		t.Fatalf("no nextCursor on a page with more: %s", r.Raw)
	}
	r = c.do("GET", "/api/v1/video?limit=2&page=2", nil).expect(t, 200, "Videos fetched")
	vtExpectIDs(t, r, ids[2], ids[3])
	vtExpectPage(t, r, 5, 2, 2, 3, 1, 3)
	r = c.do("GET", "/api/v1/video?limit=2&page=3", nil).expect(t, 200, "Videos fetched")
	vtExpectIDs(t, r, ids[4])
	vtExpectPage(t, r, 5, 2, 3, 3, 2, 0)
	if r.data()["nextCursor"] != nil {
		t.Fatalf("nextCursor on the last page: %s", r.Raw)
	}
	// Pages past the end are empty and not clamped.
	r = c.do("GET", "/api/v1/video?limit=2&page=5", nil).expect(t, 200, "Videos fetched")
	vtExpectIDs(t, r)
	vtExpectPage(t, r, 5, 2, 5, 3, 4, 0)
	r = c.do("GET", "/api/v1/video?limit=5", nil).expect(t, 200, "Videos fetched")
	vtExpectIDs(t, r, ids...)
	vtExpectPage(t, r, 5, 5, 1, 1, 0, 0)
	r = c.do("GET", "/api/v1/video?limit=100&page=1", nil).expect(t, 200, "Videos fetched")
	vtExpectPage(t, r, 5, 100, 1, 1, 0, 0)
	// Coerced numbers.
	vtExpectPage(t, c.do("GET", "/api/v1/video?limit=1e0&page=0x2", nil).expect(t, 200, "Videos fetched"), 5, 1, 2, 5, 1, 3)

	for _, tc := range []struct{ query, message string }{
		{"limit=101", "Too big: expected number to be <=100"},
		{"page=0", "Too small: expected number to be >=1"},
		{"page=-1", "Too small: expected number to be >=1"},
		{"limit=0", "Too small: expected number to be >=1"},
		{"limit=", "Too small: expected number to be >=1"},
		{"limit=abc", "Invalid input: expected number, received NaN"},
		{"page=abc", "Invalid input: expected number, received NaN"},
		{"page=9.3e18", "Too big: expected number to be <=2147483647"}, // not converted out of range
		{"page=1e400", "Invalid input: expected number, received number"},
		{"sortBy=foo", `Invalid option: expected one of "createdAt"|"views"|"duration"|"title"`},
		{"sortBy=", `Invalid option: expected one of "createdAt"|"views"|"duration"|"title"`},
		{"sortOrder=up", `Invalid option: expected one of "asc"|"desc"`},
		{"sortOrder=ASC", `Invalid option: expected one of "asc"|"desc"`},
	} {
		c.do("GET", "/api/v1/video?"+tc.query, nil).expect(t, 400, tc.message)
	}
	if r := c.do("GET", "/api/v1/video?page=1&page=2", nil); r.Status != 400 {
		t.Fatalf("repeated page: %d %s", r.Status, r.Raw)
	}

	// A cursor belongs to its order.
	next := c.do("GET", "/api/v1/video?limit=1", nil).expect(t, 200, "Videos fetched").data()["nextCursor"].(string)
	cur := "&cursor=" + url.QueryEscape(next)
	vtExpectIDs(t, c.do("GET", "/api/v1/video?limit=1"+cur, nil).expect(t, 200, "Videos fetched"), ids[1])
	vtExpectIDs(t, c.do("GET", "/api/v1/video?limit=1&sortBy=createdAt&sortOrder=desc"+cur, nil).expect(t, 200, "Videos fetched"), ids[1])
	c.do("GET", "/api/v1/video?limit=1&sortBy=views"+cur, nil).expect(t, 400, "Invalid cursor")
	c.do("GET", "/api/v1/video?limit=1&sortBy=title"+cur, nil).expect(t, 400, "Invalid cursor")
	c.do("GET", "/api/v1/video?limit=1&sortOrder=asc"+cur, nil).expect(t, 400, "Invalid cursor")
	for _, bad := range []string{"garbage!", "eyJzIjoiY3JlYXRlZEF0In0", "e30", "bm90IGpzb24", next[:len(next)-3]} {
		c.do("GET", "/api/v1/video?limit=1&cursor="+url.QueryEscape(bad), nil).expect(t, 400, "Invalid cursor")
	}
}

func TestVideoListCursorWalk(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	fixtures := []string{"moov-first.mp4", "moov-last.mp4", "quicktime.mov"}
	var existing []string
	for i := range 7 {
		vid := vtPublish(t, ada, fmt.Sprintf("Pre %c", 'G'-i), fixtures[i%3])
		existing = append(existing, vid)
		if i%2 == 0 {
			bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
		}
		e.clock.Advance(time.Second)
	}
	added := 0
	for _, order := range []string{"", "&sortBy=createdAt&sortOrder=asc", "&sortBy=title&sortOrder=asc",
		"&sortBy=title", "&sortBy=views", "&sortBy=duration&sortOrder=asc"} {
		seen := map[string]int{}
		path := "/api/v1/video?limit=2" + order
		for pages := 0; ; pages++ {
			if pages > 40 {
				t.Fatalf("%s: the walk does not end", order)
			}
			r := bob.do("GET", path, nil).expect(t, 200, "Videos fetched")
			if keys := vtDataKeys(t, r); !slices.Equal(keys, vtPaginationKeys) {
				t.Fatalf("keys %v", keys)
			}
			if n := len(vtDocs(t, r)); n > 2 {
				t.Fatalf("%s: page of %d", order, n)
			}
			for _, vid := range vtIDs(t, r) {
				seen[vid]++
			}
			// New videos arrive while the client walks.
			if pages < 3 {
				added++
				vtPublish(t, ada, fmt.Sprintf("New %d", added), fixtures[added%3])
				e.clock.Advance(time.Second)
			}
			next, _ := r.data()["nextCursor"].(string)
			if r.data()["hasNextPage"] != (next != "") {
				t.Fatalf("hasNextPage disagrees with nextCursor: %s", r.Raw)
			}
			if next == "" {
				if r.data()["nextCursor"] != nil {
					t.Fatalf("nextCursor at the end is %v, want null", r.data()["nextCursor"])
				}
				break
			}
			path = "/api/v1/video?limit=2" + order + "&cursor=" + url.QueryEscape(next)
		}
		for _, vid := range existing {
			if seen[vid] != 1 {
				t.Errorf("order %q: video %s seen %d times", order, vid, seen[vid])
			}
		}
		for vid, n := range seen {
			if n != 1 {
				t.Errorf("order %q: video %s seen %d times", order, vid, n)
			}
		}
	}
}

func TestVideoListMine(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	v1 := ada.newVideo(t, "One", true)
	e.clock.Advance(time.Minute)
	v2 := ada.newVideo(t, "Two", false)
	e.clock.Advance(time.Minute)
	bobs := bob.newVideo(t, "Bob's", true)
	e.clock.Advance(time.Minute)
	v3 := ada.newVideo(t, "Three", false)

	r := ada.do("GET", "/api/v1/video/me", nil).expect(t, 200, "videos fetched successfully")
	vtExpectIDs(t, r, v3, v2, v1)
	vtExpectPage(t, r, 3, 10, 1, 1, 0, 0)
	docs := vtDocs(t, r)
	vtExpectKeys(t, "mine", docs[0], "_id", "title", "views", "likesCount", "isPublished", "createdAt", "updatedAt",
		"duration", "videoFile", "thumbnail")
	if docs[0]["isPublished"] != false || docs[2]["isPublished"] != true || docs[0]["likesCount"] != float64(0) {
		t.Fatalf("docs %v", docs)
	}
	vtExpectIDs(t, bob.do("GET", "/api/v1/video/me", nil).expect(t, 200, "videos fetched successfully"), bobs)

	for _, tc := range []struct {
		query              string
		limit, page, total int
		ids                []string
	}{
		{"page=-3", 10, 3, 1, nil},
		{"page=0", 10, 1, 1, []string{v3, v2, v1}},
		{"page=abc", 10, 1, 1, []string{v3, v2, v1}},
		{"limit=0", 10, 1, 1, []string{v3, v2, v1}},
		{"limit=-5", 10, 1, 1, []string{v3, v2, v1}},
		{"limit=abc", 10, 1, 1, []string{v3, v2, v1}},
		{"limit=1000", 100, 1, 1, []string{v3, v2, v1}},
		{"limit=2abc&page=2.9", 2, 2, 2, []string{v1}},
		{"limit=1&page=2", 1, 2, 3, []string{v2}},
		{"page=99999999999999999999", 10, 2147483647, 1, nil}, // bounded like every page number
	} {
		r := ada.do("GET", "/api/v1/video/me?"+tc.query, nil).expect(t, 200, "videos fetched successfully")
		vtExpectIDs(t, r, tc.ids...)
		d := r.data()
		if d["limit"] != float64(tc.limit) || d["page"] != float64(tc.page) || d["totalPages"] != float64(tc.total) || d["totalDocs"] != float64(3) {
			t.Fatalf("?%s: %s", tc.query, r.Raw)
		}
	}
}

// A search is at most as long as the longest text it could match (a
// description): up to that it works on every store, longer is a 400.
func TestVideoListSearchIsBounded(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		c := e.member("ada")
		vid := c.newVideo(t, "Long", true)
		desc := strings.Repeat("é_%", 500/3) + "éé"
		c.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "Long", "description": desc}).
			expect(t, 200, "Video updated successfully")
		vtExpectIDs(t, c.do("GET", "/api/v1/video?query="+url.QueryEscape(desc), nil).expect(t, 200, "Videos fetched"), vid)
		for _, q := range []string{desc + "é", strings.Repeat("_", 25000), strings.Repeat("a", 49999)} {
			r := c.do("GET", "/api/v1/video?query="+url.QueryEscape(q), nil).expect(t, 400, "Search query must be at most 500 characters")
			if list, _ := r.Body["errors"].([]any); len(list) != 1 {
				t.Fatalf("errors %v", r.Body["errors"])
			}
		}
	})
}
