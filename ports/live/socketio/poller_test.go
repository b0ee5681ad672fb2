package socketio_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// poller is an Engine.IO long-polling session driven by hand.
type poller struct {
	t    *testing.T
	base string
	sid  string
	open map[string]any
}

// poll opens a polling session; header goes with the handshake.
func (e *env) poll(t *testing.T, header http.Header) *poller {
	t.Helper()
	p := &poller{t: t, base: e.url + "/socket.io/?EIO=4&transport=polling"}
	res, body := p.do(http.MethodGet, p.base, header, "")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "0") {
		t.Fatalf("handshake: %d %q", res.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body[1:]), &p.open); err != nil {
		t.Fatal(err)
	}
	p.sid, _ = p.open["sid"].(string)
	return p
}

func (p *poller) do(method, u string, header http.Header, body string) (*http.Response, string) {
	p.t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	client := http.Client{Timeout: 2 * wait}
	res, err := client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// send posts Engine.IO packets.
func (p *poller) send(packets ...string) {
	p.t.Helper()
	res, body := p.do(http.MethodPost, p.base+"&sid="+url.QueryEscape(p.sid), nil, strings.Join(packets, "\x1e"))
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("post: %d %q", res.StatusCode, body)
	}
}

// get long-polls once and returns the packets.
func (p *poller) get() []string {
	p.t.Helper()
	res, body := p.do(http.MethodGet, p.base+"&sid="+url.QueryEscape(p.sid), nil, "")
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("poll: %d %q", res.StatusCode, body)
	}
	return strings.Split(body, "\x1e")
}

// getUntil polls until a packet starts with prefix.
func (p *poller) getUntil(prefix string) {
	p.t.Helper()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		for _, s := range p.get() {
			if strings.HasPrefix(s, prefix) {
				return
			}
		}
	}
	p.t.Fatalf("no packet %q within %v", prefix, wait)
}
