package web

import (
	"bytes"
	stdjson "encoding/json"
	"math"
	"testing"
	"time"
)

// encodeJSON must write what encoding/json writes without HTML escaping,
// byte for byte: clients parse both, but tests and caches compare bodies.
func TestEncodeJSONMatchesEncodingJSON(t *testing.T) {
	type inner struct {
		URL  string  `json:"url"`
		Key  string  `json:"public_id,omitempty"`
		Ptr  *int64  `json:"ptr,omitempty"`
		Null *string `json:"null"`
	}
	type doc struct {
		Text    string         `json:"text"`
		Float   float64        `json:"float"`
		Int     int64          `json:"int"`
		When    Time           `json:"when"`
		Inner   inner          `json:"inner"`
		List    []inner        `json:"list"`
		Nil     []int          `json:"nil"`
		Map     map[string]any `json:"map"`
		Any     any            `json:"any,omitempty"`
		Skipped string         `json:"-"`
	}
	n := int64(-7)
	texts := []string{
		"plain", "<script>&amp;</script>", "line\u2028separator\u2029", "bad \xff\xfe utf-8",
		"ctl \x00\x01\x1f\x7f", "quote \" back \\ slash /", "emoji 🎬 and accents éà", "tab\tnew\nline\r",
	}
	floats := []float64{0, 2.5, -1.25, 1e21, 1e20, 1e-7, 0.000001, 123456789.123, math.MaxFloat64, math.SmallestNonzeroFloat64}
	for i, text := range texts {
		for _, f := range floats {
			v := envelope{StatusCode: 200, Message: text, Success: true, Data: doc{
				Text: text, Float: f, Int: math.MinInt64 + int64(i), When: Time(time.Date(2026, 12, 1, 1, 2, 3, 456789000, time.FixedZone("x", 3600))),
				Inner: inner{URL: text, Ptr: &n}, List: []inner{{URL: "a"}, {Key: text}},
				Map: map[string]any{"z": 1, "a": text, "m": []any{nil, true, 1.5}}, Skipped: "no",
			}}
			got, err := encodeJSON(v)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			enc := stdjson.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
				t.Fatalf("text %q, float %v:\n got %s\nwant %s", text, f, got, w)
			}
		}
	}
}

// BenchmarkEncodeJSON encodes a page of ten list items in the envelope,
// about what a page of videos is.
func BenchmarkEncodeJSON(b *testing.B) {
	type owner struct {
		ID           string `json:"_id"`
		Username     string `json:"username"`
		Name         string `json:"name"`
		ProfileImage string `json:"profileImage"`
	}
	type media struct {
		URL      string `json:"url"`
		PublicID string `json:"public_id,omitempty"`
	}
	type item struct {
		ID          string  `json:"_id"`
		Owner       *owner  `json:"owner,omitempty"`
		Title       string  `json:"title"`
		Description *string `json:"description,omitempty"`
		Views       int64   `json:"views"`
		Duration    float64 `json:"duration"`
		LikesCount  *int64  `json:"likesCount,omitempty"`
		CreatedAt   Time    `json:"createdAt"`
		VideoFile   media   `json:"videoFile"`
		Thumbnail   media   `json:"thumbnail"`
	}
	desc, likes := "A velvet bachata session, take 1983.", int64(3)
	docs := make([]item, 10)
	for i := range docs {
		docs[i] = item{
			ID: "6b0e18eb30e3a3c34c6a26c8", Title: "Velvet bachata #1983", Description: &desc, Views: 12, Duration: 2.5,
			Owner: &owner{ID: "6b0e18df30e3a3c34c6a1ec7", Username: "linus_00033", Name: "Linus Hopper",
				ProfileImage: "https://ui-avatars.com/api/?name=Linus%20Hopper&background=random"},
			LikesCount: &likes, CreatedAt: Time(time.Now()),
			VideoFile: media{URL: "http://localhost:8000/media/videos/6b0e18df30e3a3c34c6a1ec7/96d41596e10d4635a2ab3fd33ffdc983.mp4",
				PublicID: "videos/6b0e18df30e3a3c34c6a1ec7/96d41596e10d4635a2ab3fd33ffdc983.mp4"},
			Thumbnail: media{URL: "http://localhost:8000/media/thumbnails/6b0e18df30e3a3c34c6a1ec7/8d0722438830d07ed6a7f11f086170a2.png",
				PublicID: "thumbnails/6b0e18df30e3a3c34c6a1ec7/8d0722438830d07ed6a7f11f086170a2.png"},
		}
	}
	v := envelope{StatusCode: 200, Message: "Videos fetched", Success: true, Data: map[string]any{"docs": docs, "totalDocs": 1800}}
	for b.Loop() {
		if _, err := encodeJSON(v); err != nil {
			b.Fatal(err)
		}
	}
}
