package v1

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/web"
)

// TestStreamFormPace trickles a form into streamForm, in a text field and
// in a file, at a pace far below the one required (1,000 bytes a second
// over windows of 200 ms, against 20 bytes a second): each is a 408 that
// ends the connection. The real pace is app.MinUploadRate over 30 s.
func TestStreamFormPace(t *testing.T) {
	t.Parallel()
	fast := pace{rate: 1000, window: 200 * time.Millisecond}
	srv := httptest.NewServer(mid.BodyDeadlines(time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := streamForm(w, r, 1<<20, fast, map[string]fileHandler{
			"video": func(part io.Reader) error {
				_, err := io.Copy(io.Discard, part)
				return errs.Wrap(err, "storage: put") // as a store may report it: its own failure
			},
		})
		if err == nil {
			web.Respond(w, http.StatusOK, "done", nil)
			return
		}
		web.Error(w, r, slog.New(slog.DiscardHandler), err)
	})))
	t.Cleanup(srv.Close)

	for name, disposition := range map[string]string{
		"text": `form-data; name="title"`,
		"file": `form-data; name="video"; filename="v.mp4"`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			head := "--b\r\nContent-Disposition: " + disposition + "\r\n\r\n"
			fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: test\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n%s",
				len(head)+200, head)
			go func() {
				for range 200 { // ten seconds at 20 bytes a second
					if _, err := conn.Write([]byte{'x'}); err != nil {
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
			}()
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusRequestTimeout || string(b) != `{"success":false,"message":"Upload too slow"}` || !res.Close {
				t.Fatalf("got %d %s close=%v", res.StatusCode, b, res.Close)
			}
		})
	}
}
