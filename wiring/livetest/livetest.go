// Package livetest runs a wired Stagecast behind a real HTTP server for the
// tests and benchmarks of the live endpoints, and makes the members,
// videos and comments they need through the public API.
package livetest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/wiring"
)

// Password is every member's password.
const Password = "Secret123"

// Env is a running system.
type Env struct {
	Sys    *wiring.System
	Server *httptest.Server
	// URL is the server's base URL, http://127.0.0.1:port.
	URL  string
	mail *Mailbox
}

// Options configure an Env.
type Options struct {
	// Vars override the configuration (memory store, relaxed limits).
	Vars map[string]string
	// Log receives the system's records; discarded when nil.
	Log *slog.Logger
	// Wrap, when set, wraps the system's handler, to mount more next
	// to it.
	Wrap func(sys *wiring.System, h http.Handler) http.Handler
	// Listen, when set, wraps the server's listener, to shape the
	// connections it accepts.
	Listen func(net.Listener) net.Listener
}

// New builds a system and serves it until the test ends.
func New(t testing.TB, o Options) *Env {
	t.Helper()
	vars := map[string]string{
		"APP_ENV":           "test",
		"DATABASE_URL":      "memory:",
		"DATA_DIR":          t.TempDir(),
		"MEDIA_DIR":         t.TempDir(),
		"JWT_ACCESS_SECRET": "test-secret-test-secret-test-secret!",
		"BCRYPT_COST":       "4",
		"RATE_LIMIT_API":    "1000000",
		"RATE_LIMIT_LOGIN":  "100000",
		"RATE_LIMIT_SIGNUP": "100000",
		"SHUTDOWN_TIMEOUT":  "5s",
	}
	for k, v := range o.Vars {
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	e := &Env{mail: &Mailbox{}}
	sys, err := wiring.Build(context.Background(), cfg, o.Log, wiring.Overrides{Mailer: e.mail})
	if err != nil {
		t.Fatal(err)
	}
	h := sys.Handler
	if o.Wrap != nil {
		h = o.Wrap(sys, h)
	}
	e.Sys, e.Server = sys, httptest.NewUnstartedServer(h)
	if o.Listen != nil {
		e.Server.Listener = o.Listen(e.Server.Listener)
	}
	e.Server.Start()
	e.URL = e.Server.URL
	t.Cleanup(func() {
		e.Server.CloseClientConnections()
		e.Server.Close()
		sys.Close()
	})
	return e
}

// Member is a signed-in account.
type Member struct {
	ID       string
	Username string
	Name     string
	// Token is an access token of the member's session.
	Token string
}

// Member registers, verifies and signs in an account.
func (e *Env) Member(t testing.TB, username string) Member {
	t.Helper()
	email := username + "@example.com"
	name := "User " + username
	e.call(t, "", "POST", "/api/v1/auth/register", jsonBody(map[string]any{
		"name": name, "email": email, "username": username, "password": Password,
	}), "application/json", 201, nil)
	e.call(t, "", "POST", "/api/v1/auth/verify-account", jsonBody(map[string]any{
		"email": email, "code": e.mail.Code(t, email),
	}), "application/json", 200, nil)
	return e.Login(t, username)
}

// Login opens another session of an account.
func (e *Env) Login(t testing.TB, username string) Member {
	t.Helper()
	body := jsonBody(map[string]any{"identifier": username, "password": Password})
	res, err := http.Post(e.URL+"/api/v1/auth/login", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data struct {
			ID   string `json:"_id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("login %s: status %d, %v", username, res.StatusCode, err)
	}
	m := Member{ID: out.Data.ID, Username: username, Name: out.Data.Name}
	for _, c := range res.Cookies() {
		if c.Name == "accessToken" {
			m.Token = c.Value
		}
	}
	if m.Token == "" {
		t.Fatal("login set no access token")
	}
	return m
}

// Video uploads a video of m's and returns its id; published when asked.
func (e *Env) Video(t testing.TB, m Member, published bool) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("title", "A video of "+m.Username)
	for field, name := range map[string]string{"video": "moov-first.mp4", "thumbnail": "image.png"} {
		w, err := mw.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(fixture(t, name))
	}
	_ = mw.Close()
	var out struct {
		Data struct {
			ID string `json:"_id"`
		} `json:"data"`
	}
	e.call(t, m.Token, "POST", "/api/v1/video", &buf, mw.FormDataContentType(), 201, &out)
	if published {
		e.call(t, m.Token, "PATCH", "/api/v1/video/publish-status/"+out.Data.ID, nil, "", 200, nil)
	}
	return out.Data.ID
}

// Comment writes a comment through the REST API and returns its id.
func (e *Env) Comment(t testing.TB, m Member, videoID, content string) string {
	t.Helper()
	var out struct {
		Data struct {
			ID string `json:"_id"`
		} `json:"data"`
	}
	e.call(t, m.Token, "POST", "/api/v1/comment/video-comments/"+videoID, jsonBody(map[string]any{"content": content}), "application/json", 201, &out)
	return out.Data.ID
}

// Call sends a REST request as m (anonymous when token is "") and checks
// its status; out, when set, receives the JSON body.
func (e *Env) Call(t testing.TB, token, method, path string, body any, status int, out any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = jsonBody(body)
	}
	e.call(t, token, method, path, r, "application/json", status, out)
}

func (e *Env) call(t testing.TB, token, method, path string, body io.Reader, contentType string, status int, out any) {
	t.Helper()
	req, err := http.NewRequest(method, e.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" && body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

// fixture reads a media file of the repository's testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(self), "..", "..", "testdata", "media", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Mailbox is an app.Mailer that keeps the mail the system sends, for the
// codes in it.
type Mailbox struct {
	mu   sync.Mutex
	sent []app.Message
}

// Send keeps the message.
func (m *Mailbox) Send(_ context.Context, msg app.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return nil
}

var codePattern = regexp.MustCompile(`\b\d{6}\b`)

// Code is the code in the newest mail to an address.
func (m *Mailbox) Code(t testing.TB, to string) string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.sent) - 1; i >= 0; i-- {
		if c := codePattern.FindString(m.sent[i].Text); strings.EqualFold(m.sent[i].To, to) && c != "" {
			return c
		}
	}
	t.Fatalf("no code mailed to %s", to)
	return ""
}

// WSURL is the ws:// URL of a path of the server.
func (e *Env) WSURL(path string) string {
	return "ws" + strings.TrimPrefix(e.URL, "http") + path
}
