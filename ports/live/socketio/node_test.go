package socketio_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// clientDir holds the Node project that drives the real socket.io-client.
const clientDir = "testdata/client"

// The unmodified npm socket.io-client v4 connects, joins, sends and
// receives comments with its default options (polling, then upgrade),
// over WebSocket only, and over polling only; a bad token gets
// connect_error UNAUTHORIZED (live.md, "Socket.IO compatibility").
func TestRealSocketIOClient(t *testing.T) {
	t.Parallel()
	modules := nodeModules(t)
	e := newEnv(t)
	for _, tc := range []struct {
		mode string
		// transports are the first and the last; upgrades those upgraded to.
		transports, upgrades []string
	}{
		{"default", []string{"polling", "websocket"}, []string{"websocket"}},
		{"websocket", []string{"websocket", "websocket"}, []string{}},
		{"polling", []string{"polling", "polling"}, []string{}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			m := e.member(t, "user_"+tc.mode)
			vid := e.video(t, m)
			out := runClient(t, modules, map[string]string{
				"SIO_URL": e.url, "SIO_TOKEN": m.Token, "SIO_VIDEO": vid, "SIO_MODE": tc.mode,
			})
			var r struct {
				Error      string            `json:"error"`
				Transports []string          `json:"transports"`
				Upgrades   []string          `json:"upgrades"`
				Join       json.RawMessage   `json:"join"`
				Comments   []json.RawMessage `json:"comments"`
				Received   []json.RawMessage `json:"received"`
			}
			if err := json.Unmarshal(out, &r); err != nil || r.Error != "" {
				t.Fatalf("client: %s (%v)", out, err)
			}
			if !slices.Equal(r.Transports, tc.transports) || !slices.Equal(r.Upgrades, tc.upgrades) {
				t.Errorf("transports %v, upgrades %v; want %v, %v", r.Transports, r.Upgrades, tc.transports, tc.upgrades)
			}
			if got := string(r.Join); got != `{"ok":true,"videoId":"`+vid+`"}` {
				t.Errorf("join ack = %s", got)
			}
			if len(r.Comments) != 2 {
				t.Fatalf("comments: %s", out)
			}
			for i, raw := range r.Comments {
				if keys := keysOf(t, raw); keys != "id,content,createdAt,user,videoId" {
					t.Errorf("ack keys = %s", keys)
				}
				c := decode[classicComment](t, raw)
				if c.Content != fmt.Sprintf("%s %d", tc.mode, i+1) || c.VideoID != vid || c.User == nil || c.User.ID != m.ID || c.User.Name != m.Name {
					t.Errorf("ack = %s", raw)
				}
				if !slices.ContainsFunc(r.Received, func(ev json.RawMessage) bool { return sameJSON(t, ev, raw) }) {
					t.Errorf("no new_comment equal to the ack %s among %s", raw, r.Received)
				}
			}
		})
	}
	t.Run("bad token", func(t *testing.T) {
		t.Parallel()
		out := runClient(t, modules, map[string]string{"SIO_URL": e.url, "SIO_TOKEN": "not-a-token", "SIO_CASE": "badtoken"})
		var r struct {
			Error        string `json:"error"`
			ConnectError *struct {
				Message string `json:"message"`
			} `json:"connectError"`
		}
		if err := json.Unmarshal(out, &r); err != nil || r.Error != "" || r.ConnectError == nil || r.ConnectError.Message != "UNAUTHORIZED" {
			t.Fatalf("client: %s (%v), want connect_error UNAUTHORIZED", out, err)
		}
	})
}

func sameJSON(t *testing.T, a, b json.RawMessage) bool {
	return reflect.DeepEqual(decode[any](t, a), decode[any](t, b))
}

// runClient runs client.js with the environment and returns the JSON line
// it printed.
func runClient(t *testing.T, modules string, vars map[string]string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(clientDir, "client.js"))
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	last := []byte(lines[len(lines)-1])
	if err != nil {
		t.Fatalf("node client.js: %v\nstdout: %s\nstderr: %s", err, stdout.Bytes(), stderr.Bytes())
	}
	return last
}

// needTool skips the test where a tool is missing, but fails it under
// CI=true, where a skip would hide that the real client was never run.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		msg := name + " is not installed; install Node.js 18 or later to run the socket.io-client tests"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// installed is the node_modules directory of the locked client, installed
// once per test process.
var installed struct {
	once sync.Once
	dir  string
	err  error
}

// nodeModules returns the node_modules of testdata/client, installing it
// with npm ci, once per lockfile, in the user's cache directory outside
// the repository.
func nodeModules(t *testing.T) string {
	t.Helper()
	needTool(t, "node")
	needTool(t, "npm")
	installed.once.Do(func() { installed.dir, installed.err = installClient() })
	if installed.err != nil {
		t.Fatal(installed.err)
	}
	return installed.dir
}

func installClient() (string, error) {
	pkg, err := os.ReadFile(filepath.Join(clientDir, "package.json"))
	if err != nil {
		return "", err
	}
	lock, err := os.ReadFile(filepath.Join(clientDir, "package-lock.json"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(append(append(pkg, 0), lock...))
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	root := filepath.Join(cache, "stagecast")
	dir := filepath.Join(root, "sioclient-"+hex.EncodeToString(sum[:12]))
	modules := filepath.Join(dir, "node_modules")
	marker := filepath.Join(modules, "socket.io-client", "package.json")
	if _, err := os.Stat(marker); err == nil {
		return modules, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	// Each process installs into a directory of its own and renames it into
	// place: concurrent test processes never see a half-done install.
	tmp, err := os.MkdirTemp(root, "sioclient-tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for name, b := range map[string][]byte{"package.json": pkg, "package-lock.json": lock} {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return "", err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci in %s: %v\n%s", tmp, err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(marker); statErr == nil {
			return modules, nil // another process installed it first
		}
		return "", errors.Join(errors.New("installing socket.io-client"), err)
	}
	return modules, nil
}
