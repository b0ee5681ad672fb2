package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
	"testing"
)

// A cursor's MAC is the first 128 bits of the HMAC-SHA256 of the context
// and the payload, the same on every seal: the HMACs the codec keeps for
// reuse start from the key each time, also when sealed and opened from
// many goroutines at once.
func TestCursorMACIsTheKeyedHMACEveryTime(t *testing.T) {
	t.Parallel()
	key := []byte(strings.Repeat("k", MinCursorKeyLen))
	c, err := NewCursors(key)
	if err != nil {
		t.Fatal(err)
	}
	type pos struct {
		N int `json:"n"`
	}
	want := func(n int) string {
		token := c.Seal(pos{N: n})
		payload, _, _ := strings.Cut(token, ".")
		m := hmac.New(sha256.New, key)
		m.Write([]byte(cursorContext + payload))
		return payload + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:cursorMACLen])
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				n := g*1000 + i
				token := c.Seal(pos{N: n})
				if exp := want(n); token != exp {
					t.Errorf("seal of %d: %s, want %s", n, token, exp)
					return
				}
				var got pos
				if err := c.Open(token, &got); err != nil || got.N != n {
					t.Errorf("open of %d: %+v, %v", n, got, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
