package v1_test

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// Only cursors the server issued are read: a crafted one, whatever it
// holds, is 400 "Invalid cursor" and never reaches the store (where a NUL
// in a title or a time past year 9999 used to be a 500).
func TestForgedCursorsAreRefused(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		c := e.member("ada")
		for range 3 {
			c.newVideo(t, "Clip", true)
		}
		next := c.do("GET", "/api/v1/video?limit=1&sortBy=title", nil).expect(t, 200, "Videos fetched").data()["nextCursor"].(string)
		payload, mac, _ := strings.Cut(next, ".")
		forge := func(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }
		const vid = "0123456789abcdef01234567"
		for name, cursor := range map[string]string{
			"NUL in the title, unsigned":      forge(`{"s":"title","d":true,"i":"` + vid + `","n":"a\u0000b"}`),
			"NUL in the title, old MAC":       forge(`{"s":"title","d":true,"i":"`+vid+`","n":"a\u0000b"}`) + "." + mac,
			"time past year 9999":             forge(`{"s":"createdAt","d":true,"i":"` + vid + `","t":9000000000000000000}`),
			"negative time":                   forge(`{"s":"createdAt","d":true,"i":"` + vid + `","t":-62135596800001}`),
			"views out of range":              forge(`{"s":"views","d":true,"i":"` + vid + `","v":1e300}`),
			"payload changed, MAC kept":       forge(`{"s":"title","d":true,"i":"`+vid+`","n":"Clip"}`) + "." + mac,
			"MAC of another payload":          payload + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 16)),
			"MAC cut short":                   payload + "." + mac[:len(mac)-2],
			"MAC padded":                      next + "=",
			"no MAC":                          payload,
			"two dots":                        next + ".x",
			"longer than any real cursor":     strings.Repeat("A", 5000),
			"invalid UTF-8 in the query":      "\xff\xfe",
			"the real one for another order":  next + "&sortBy=views",
			"the real one for the other side": next + "&sortOrder=asc",
		} {
			query := "/api/v1/video?limit=1&sortBy=title&cursor=" + url.QueryEscape(cursor)
			if strings.Contains(cursor, "&") {
				before, after, _ := strings.Cut(cursor, "&")
				query = "/api/v1/video?limit=1&cursor=" + url.QueryEscape(before) + "&" + after
			}
			if r := c.do("GET", query, nil); r.Status != 400 || r.message() != "Invalid cursor" && !strings.HasPrefix(r.message(), "Invalid") {
				t.Errorf("%s: %d %s", name, r.Status, r.Raw)
			}
		}
		// The real cursor still works.
		c.do("GET", "/api/v1/video?limit=1&sortBy=title&cursor="+url.QueryEscape(next), nil).expect(t, 200, "Videos fetched")
	})
}

// A cursor is bound to the server's secret: one from another deployment is
// refused.
func TestCursorOfAnotherServerIsRefused(t *testing.T) {
	a := newEnv(t, nil)
	b := newEnv(t, map[string]string{"JWT_ACCESS_SECRET": "another-secret-another-secret-another!"})
	ca, cb := a.member("ada"), b.member("bob")
	for range 2 {
		ca.newVideo(t, "A", true)
		cb.newVideo(t, "B", true)
	}
	next := cb.do("GET", "/api/v1/video?limit=1", nil).expect(t, 200, "Videos fetched").data()["nextCursor"].(string)
	ca.do("GET", "/api/v1/video?limit=1&cursor="+url.QueryEscape(next), nil).expect(t, 400, "Invalid cursor")
}
