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
