package web

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Bodies encoded into pooled buffers must not share bytes: concurrent
// answers of different sizes, some past the largest pooled buffer, each
// get exactly their own document.
func TestWriteJSONPooledBodiesStayApart(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				text := strings.Repeat(fmt.Sprintf("%d.%d;", g, i), 1+(g*i)%(maxPooledBody/4))
				rec := httptest.NewRecorder()
				WriteJSON(rec, 200, map[string]string{"text": text})
				want, _ := encodeJSON(map[string]string{"text": text})
				if !bytes.Equal(rec.Body.Bytes(), want) {
					t.Errorf("goroutine %d, answer %d: body of %d bytes differs from its own %d", g, i, rec.Body.Len(), len(want))
					return
				}
				if got := rec.Header().Get("Content-Length"); got != fmt.Sprint(len(want)) {
					t.Errorf("Content-Length %s for %d bytes", got, len(want))
					return
				}
			}
		}()
	}
	wg.Wait()
}

// The header values every JSON answer shares are never changed through
// one answer's header.
func TestWriteJSONSharedHeaderValues(t *testing.T) {
	t.Parallel()
	first := httptest.NewRecorder()
	WriteJSON(first, 200, nil)
	first.Header().Add("Cache-Control", "private")
	first.Header().Set("Content-Type", "text/plain")

	second := httptest.NewRecorder()
	WriteJSON(second, 200, nil)
	if got := second.Header().Values("Cache-Control"); len(got) != 1 || got[0] != "no-store" {
		t.Fatalf("Cache-Control %q, want [no-store]", got)
	}
	if got := second.Header().Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q", got)
	}
}
