package main

import (
	"testing"
	"time"
)

func TestStringField(t *testing.T) {
	for _, c := range []struct {
		msg, key, want string
		found          bool
	}{
		{`{"event":"new_comment","data":{"_id":"a","content":"lb 1 2"}}`, "content", "lb 1 2", true},
		{`{"event":"ack","ack":"s"}`, "event", "ack", true},
		{`42["new_comment",{"id":"x","content":"say \"hi\""}]`, "content", `say \"hi\"`, true},
		{`{"event":"error","data":{"message":"Video not found"}}`, "message", "Video not found", true},
		{`{"event":"viewers","data":{"count":3}}`, "content", "", false},
		{`{"content":"unterminated`, "content", "", false},
	} {
		got := stringField([]byte(c.msg), c.key)
		if (got != nil) != c.found || string(got) != c.want {
			t.Errorf("stringField(%s, %s) = %q, want %q", c.msg, c.key, got, c.want)
		}
	}
}

func TestContentRoundTrip(t *testing.T) {
	at := time.Unix(1_700_000_000, 123456789)
	b := appendContent(nil, 42, at)
	seq, sent, ok := parseContent(b)
	if !ok || seq != 42 || sent != at.UnixNano() {
		t.Fatalf("parseContent(%s) = %d, %d, %v", b, seq, sent, ok)
	}
	for _, bad := range []string{"", "lb", "lb 1", "lb x 2", "hello 1 2", "lb 1 2x", "lb 1 99999999999999999999"} {
		if _, _, ok := parseContent([]byte(bad)); ok {
			t.Errorf("parseContent(%q) accepted", bad)
		}
	}
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	p := percentilesOf(ds)
	if p.n != 100 || p.p50 != 50*time.Millisecond || p.p99 != 99*time.Millisecond || p.max != 100*time.Millisecond {
		t.Fatalf("percentiles = %+v", p)
	}
	if (percentilesOf(nil) != percentiles{}) {
		t.Fatal("percentiles of nothing are not zero")
	}
}

func TestBitset(t *testing.T) {
	b := newBitset(10)
	for _, i := range []int{0, 63, 64, 500} {
		if b.set(i) {
			t.Errorf("bit %d was set before", i)
		}
		if !b.set(i) {
			t.Errorf("bit %d not set", i)
		}
	}
}
