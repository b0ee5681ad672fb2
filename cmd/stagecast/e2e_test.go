package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestEndToEnd builds the real binary, runs it in an empty directory with
// the default settings (SQLite, local disk, log mailer) and walks the whole
// account flow over HTTP, reading the verification code from the log. It
// then restarts the server to show that data and sessions survive.
func TestEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	workdir := t.TempDir()

	srv := start(t, bin, workdir)
	base := srv.base
	// Clients trickling login bodies are dropped while the others are
	// served.
	slow := openSlowLogins(t, base, 20)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}

	post(t, c, base+"/api/v1/auth/register", `{"name":"Ada Lovelace","email":"ada@example.com","username":"ada","password":"Secret123"}`, 201)
	code := srv.waitFor(t, regexp.MustCompile(`Your code: (\d{6})`))
	post(t, c, base+"/api/v1/auth/verify-account", `{"email":"ada@example.com","code":"`+code+`"}`, 200)
	post(t, c, base+"/api/v1/auth/login", `{"identifier":"ada","password":"Secret123"}`, 200)
	if me := get(t, c, base+"/api/v1/auth/me", 200); !strings.Contains(me, `"username":"ada"`) {
		t.Fatalf("me: %s", me)
	}
	post(t, c, base+"/api/v1/auth/refresh-token", "", 200)
	get(t, c, base+"/api/v1/auth/me", 200)
	videoFlow(t, c, base, workdir)
	post(t, c, base+"/api/v1/auth/logout", "", 200)
	get(t, c, base+"/api/v1/auth/me", 401)
	expectSlowLoginsDropped(t, slow)

	// A second device stays signed in across a restart: the database and
	// the generated JWT secret live in ./data.
	jar2, _ := cookiejar.New(nil)
	c2 := &http.Client{Jar: jar2, Timeout: 10 * time.Second}
	post(t, c2, base+"/api/v1/auth/login", `{"identifier":"ada@example.com","password":"Secret123"}`, 200)
	srv.stop(t)
	for _, f := range []string{"data/stagecast.db", "data/jwt-access-secret"} {
		if _, err := os.Stat(filepath.Join(workdir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}

	srv = start(t, bin, workdir, "PORT="+strings.TrimPrefix(base, "http://127.0.0.1:"))
	get(t, c2, base+"/api/v1/auth/me", 200)
	get(t, c2, base+"/health", 200)
	srv.stop(t)
}

// buildBinary builds the server as it ships (no cgo) once for the whole
// test binary, and skips the test under -short.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "stagecast-e2e-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "stagecast")
		build := exec.Command("go", "build", "-o", built.path, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// built is the binary buildBinary made.
var built struct {
	once sync.Once
	path string
	err  error
}

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.path != "" {
		_ = os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}

type server struct {
	cmd  *exec.Cmd
	base string
	mu   sync.Mutex
	log  bytes.Buffer
	done chan error
}

// start runs the binary in dir and waits until it listens.
func start(t *testing.T, bin, dir string, env ...string) *server {
	t.Helper()
	port := ""
	for _, e := range env {
		if p, ok := strings.CutPrefix(e, "PORT="); ok {
			port = p
		}
	}
	if port == "" {
		port = strconv.Itoa(freePort(t))
	}
	s := &server{base: "http://127.0.0.1:" + port, done: make(chan error, 1)}
	s.cmd = exec.Command(bin)
	s.cmd.Dir = dir
	s.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "PORT=" + port}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stderr = s.cmd.Stdout
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			s.mu.Lock()
			s.log.Write(sc.Bytes())
			s.log.WriteByte('\n')
			s.mu.Unlock()
		}
		s.done <- s.cmd.Wait()
	}()
	t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/health"); err == nil {
			res.Body.Close()
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start; log:\n%s", s.logText())
	return nil
}

func (s *server) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// waitFor returns the first group of re in a JSON log record's text.
func (s *server) waitFor(t *testing.T, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(s.logText(), "\n") {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "mail sent" {
				continue
			}
			text, _ := rec["text"].(string)
			if m := re.FindStringSubmatch(text); m != nil {
				return m[1]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no match for %s in log:\n%s", re, s.logText())
	return ""
}

// stop sends SIGTERM and expects a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit: %v; log:\n%s", err, s.logText())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("no exit after SIGTERM; log:\n%s", s.logText())
	}
	if !strings.Contains(s.logText(), `"msg":"stopped"`) {
		t.Fatalf("no graceful stop in log:\n%s", s.logText())
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func post(t *testing.T, c *http.Client, url, body string, want int) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "POST", url, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(t, c, req, want)
}

func get(t *testing.T, c *http.Client, url string, want int) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "GET", url, nil)
	return send(t, c, req, want)
}

func send(t *testing.T, c *http.Client, req *http.Request, want int) string {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", req.Method, req.URL.Path, res.StatusCode, want, b)
	}
	return string(b)
}
