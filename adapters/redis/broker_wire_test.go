package redis

import (
	"reflect"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app/live"
)

// TestWireFormat pins the message format: instances of different builds
// share the channel during a rolling deploy.
func TestWireFormat(t *testing.T) {
	const from = "00112233445566778899aabbccddeeff"
	e := sampleEvent(0)
	e.Comment.CreatedAt = e.Comment.CreatedAt.In(time.FixedZone("CET", 3600))
	m, err := encodeEvent(e, from, 42)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"v":1,"from":"00112233445566778899aabbccddeeff","seq":42,"kind":"new_comment","videoId":"000000000000000000000001",` +
		`"comment":{"id":"0000000000000000000003e8","videoId":"000000000000000000000001","content":"comment 0: ünï \u2028 \u003cb\u003e\u0026\"'\n",` +
		`"createdAt":"2030-01-02T03:04:05.123456789Z","updatedAt":"2030-01-02T03:04:05.12345679Z",` +
		`"author":{"id":"000000000000000000000007","username":"ada","name":"Ada L.","profileImage":"https://img.example/ada.png"}}}`
	if m != want {
		t.Fatalf("encoded\n%s\nwant\n%s", m, want)
	}
	got, gotFrom, seq, err := decodeEvent(m)
	if err != nil || gotFrom != from || seq != 42 {
		t.Fatalf("decoded from %q seq %d: %v", gotFrom, seq, err)
	}
	if !got.Comment.CreatedAt.Equal(e.Comment.CreatedAt) {
		t.Fatalf("time %v, want %v", got.Comment.CreatedAt, e.Comment.CreatedAt)
	}
	got.Comment.CreatedAt = e.Comment.CreatedAt
	if !reflect.DeepEqual(got, e) {
		t.Fatalf("decoded\n%#v\nwant\n%#v", got, e)
	}

	// Every kind survives the trip, the author's absence included.
	for i := range 4 {
		e := sampleEvent(i)
		m, err := encodeEvent(e, from, uint64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if got, _, _, err := decodeEvent(m); err != nil || !reflect.DeepEqual(got, e) {
			t.Fatalf("%s: %#v %v", e.Kind, got, err)
		}
	}
	if _, err := encodeEvent(live.Event{Kind: live.NewComment, Comment: live.Comment{CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}, from, 1); err == nil {
		t.Fatal("encoded a time past year 9999")
	}
}
