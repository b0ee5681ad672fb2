package v1_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/ports/http/docs/docstest"
	"github.com/stagecast/stagecast/wiring"
)

// env is a fully wired Stagecast on the store of the pass (see TestMain),
// with a clock and a mailbox the test controls. Every response is checked
// against the OpenAPI document.
type env struct {
	t       testing.TB
	handler http.Handler
	clock   *apptest.Clock
	mail    *mailbox
	check   *docstest.Checker
	dbDown  bool
	mu      sync.Mutex
	// mediaDir is where the local storage keeps files.
	mediaDir string
}

// newEnv builds the system; vars override the configuration.
func newEnv(t testing.TB, vars map[string]string) *env {
	t.Helper()
	return newEnvWith(t, vars, nil)
}

// newEnvWith is newEnv with a hook to replace adapters.
func newEnvWith(t testing.TB, vars map[string]string, override func(*wiring.Overrides)) *env {
	t.Helper()
	mediaDir := t.TempDir()
	base := map[string]string{
		"APP_ENV":           "test",
		"DATA_DIR":          t.TempDir(),
		"MEDIA_DIR":         mediaDir,
		"PUBLIC_BASE_URL":   "http://api.test",
		"JWT_ACCESS_SECRET": "test-secret-test-secret-test-secret!",
		"BCRYPT_COST":       "4",
		"RATE_LIMIT_API":    "100000",
		"RATE_LIMIT_LOGIN":  "1000",
		"RATE_LIMIT_SIGNUP": "1000",
	}
	if _, ok := vars["DATABASE_URL"]; !ok {
		base["DATABASE_URL"] = databaseOfPass(t)
	}
	for k, v := range vars {
		base[k] = v
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := base[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, clock: apptest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)), mail: &mailbox{}, check: sharedChecker(t), mediaDir: base["MEDIA_DIR"]}
	o := wiring.Overrides{
		Clock: e.clock, Mailer: e.mail,
		DatabaseCheck: func(context.Context) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			if e.dbDown {
				return errors.New("down")
			}
			return nil
		},
	}
	if override != nil {
		override(&o)
	}
	sys, err := wiring.Build(context.Background(), cfg, slog.New(slog.DiscardHandler), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	e.handler = sys.Handler
	return e
}

// checker is the package's one docstest.Checker: loading the document
// takes longer than most tests, and a Checker serves concurrent tests.
var checker struct {
	once sync.Once
	c    *docstest.Checker
}

// sharedChecker returns the package's Checker, loading it on first use.
func sharedChecker(t testing.TB) *docstest.Checker {
	t.Helper()
	checker.once.Do(func() { checker.c = docstest.NewChecker(t) })
	if checker.c == nil {
		t.Fatal("the OpenAPI document did not load (see the first test that failed)")
	}
	return checker.c
}

// databaseOfPass returns a new, migrated database of the pass's store.
// Benchmarks measure the HTTP stack on the memory store, in its pass only.
func databaseOfPass(t testing.TB) string {
	t.Helper()
	if b, ok := t.(*testing.B); ok {
		if pass != "memory" {
			b.Skip("benchmarks run on the memory store")
		}
		return "memory:"
	}
	return databases.URL(t, pass)
}

// mailbox records sent mail; with fail set, sending fails.
type mailbox struct {
	mu   sync.Mutex
	sent []app.Message
	fail bool
}

func (m *mailbox) Send(_ context.Context, msg app.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return errors.New("smtp: connection refused")
	}
	m.sent = append(m.sent, msg)
	return nil
}

func (m *mailbox) setFail(f bool) { m.mu.Lock(); m.fail = f; m.mu.Unlock() }

func (m *mailbox) count(to string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, msg := range m.sent {
		if msg.To == to {
			n++
		}
	}
	return n
}

var codePattern = regexp.MustCompile(`\b\d{6}\b`)

// lastCode returns the code in the newest mail to the address.
func (m *mailbox) lastCode(t testing.TB, to string) string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.sent) - 1; i >= 0; i-- {
		if m.sent[i].To == to {
			if c := codePattern.FindString(m.sent[i].Text); c != "" {
				if !strings.Contains(m.sent[i].HTML, c) {
					t.Fatalf("HTML body lacks the code")
				}
				return c
			}
		}
	}
	t.Fatalf("no code mailed to %s", to)
	return ""
}

// codes returns the codes mailed to the address, oldest first.
func (m *mailbox) codes(to string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, msg := range m.sent {
		if c := codePattern.FindString(msg.Text); msg.To == to && c != "" {
			out = append(out, c)
		}
	}
	return out
}

// client is a browser-like caller with its own cookie jar and address.
type client struct {
	e       *env
	ip      string
	cookies map[string]string
	header  http.Header
}

func (e *env) client() *client {
	return &client{e: e, ip: "192.0.2.1", cookies: map[string]string{}, header: http.Header{}}
}

// resp is a recorded response.
type resp struct {
	Status  int
	Header  http.Header
	Raw     []byte
	Body    map[string]any
	Cookies map[string]*http.Cookie
}

func (r *resp) message() string { s, _ := r.Body["message"].(string); return s }

func (r *resp) data() map[string]any { m, _ := r.Body["data"].(map[string]any); return m }

// do sends a request; body may be nil, a string (sent raw as JSON) or a
// value to marshal.
func (c *client) do(method, path string, body any) *resp {
	c.e.t.Helper()
	var rd io.Reader
	var ctype string
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.e.t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req := httptest.NewRequest(method, path, rd)
	req.RemoteAddr = c.ip + ":4711"
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	for n, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: n, Value: v})
	}
	rec := httptest.NewRecorder()
	c.e.handler.ServeHTTP(rec, req)
	c.e.check.CheckRecorder(c.e.t, req, rec)

	r := &resp{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes(), Cookies: map[string]*http.Cookie{}}
	if len(r.Raw) > 0 {
		if err := json.Unmarshal(r.Raw, &r.Body); err != nil {
			c.e.t.Fatalf("%s %s: body is not a JSON object: %s", method, path, r.Raw)
		}
	}
	for _, ck := range rec.Result().Cookies() {
		r.Cookies[ck.Name] = ck
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return r
}

// expect fails unless r has the status and message.
func (r *resp) expect(t testing.TB, status int, message string) *resp {
	t.Helper()
	if r.Status != status || r.message() != message {
		t.Fatalf("got %d %q, want %d %q; body %s", r.Status, r.message(), status, message, r.Raw)
	}
	return r
}

// Account helpers.

const goodPassword = "Secret123"

func registerBody(name, email, username string) map[string]any {
	return map[string]any{"name": name, "email": email, "username": username, "password": goodPassword}
}

// signup registers and verifies an account.
func (e *env) signup(username string) string {
	e.t.Helper()
	email := username + "@example.com"
	c := e.client()
	c.do("POST", "/api/v1/auth/register", registerBody("User "+username, email, username)).
		expect(e.t, 201, "User registered. Please verify your email")
	c.do("POST", "/api/v1/auth/verify-account", map[string]any{"email": email, "code": e.mail.lastCode(e.t, email)}).
		expect(e.t, 200, "Email verified successfully")
	return email
}

// member signs up a verified account and returns a client signed in as it.
func (e *env) member(username string) *client {
	e.t.Helper()
	e.signup(username)
	return e.login(username)
}

// login returns a client signed in as the account.
func (e *env) login(identifier string) *client {
	e.t.Helper()
	c := e.client()
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": identifier, "password": goodPassword}).
		expect(e.t, 200, "User logged in successfully")
	return c
}
