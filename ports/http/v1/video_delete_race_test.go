package v1_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// A video deleted while its viewers keep loading it goes at the first
// DELETE: the viewers get it or a 404, never a 500, and the owner never
// a "try again".
func TestDeleteVideoWhileViewersWatch(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		owner := e.member("ada")
		var viewers []*client
		for i := range 4 {
			v := e.member(fmt.Sprintf("viewer%d", i))
			v.ip = fmt.Sprintf("192.0.2.%d", 10+i)
			viewers = append(viewers, v)
		}
		for round := range 3 {
			vid := owner.newVideo(t, fmt.Sprintf("Round %d", round), true)
			var wg sync.WaitGroup
			statuses := make(chan int, 8*len(viewers))
			for _, v := range viewers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 8 {
						statuses <- v.do("GET", "/api/v1/video/"+vid, nil).Status
					}
				}()
			}
			owner.do("DELETE", "/api/v1/video/"+vid, nil).expect(t, 200, "Video deleted successfully")
			wg.Wait()
			close(statuses)
			for s := range statuses {
				if s != http.StatusOK && s != http.StatusNotFound {
					t.Fatalf("round %d: a viewer got %d", round, s)
				}
			}
			for _, v := range viewers {
				vtExpectIDs(t, vtHistory(t, v, ""))
			}
			owner.do("GET", "/api/v1/video/"+vid, nil).expect(t, 404, "Video not found")
		}
	})
}
