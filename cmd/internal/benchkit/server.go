package benchkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// jwtSecret signs the bench server's tokens; any 32 bytes or more do.
const jwtSecret = "benchkit-secret-benchkit-secret-0123456"

// Server is a running server process.
type Server struct {
	*Process
	// Base is the server's address, http://127.0.0.1:port.
	Base string
	// Log takes the server's output in.
	Log *LogSink
	// Dir is the server's own directory: its working directory, data
	// and media.
	Dir string
}

// ServerOptions say how to run a server.
type ServerOptions struct {
	// Bin is the server binary.
	Bin string
	// Tmp is the directory the server's own directory is made in.
	Tmp string
	// DatabaseURL is the store; "memory:" when empty.
	DatabaseURL string
	// Env adds variables to the bench's set, or replaces them: the last
	// value of a name wins.
	Env []string
	// Verbose prints the server's unusual log records as they come.
	Verbose bool
}

// baseEnv is the environment of every bench server: its own directories,
// a fixed secret, cheap password hashes, the log mailer, and every rate
// limit lifted, since the bench's traffic all comes from one address.
func baseEnv(port int, dir, databaseURL string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"PORT=" + strconv.Itoa(port),
		"DATABASE_URL=" + databaseURL,
		"DATA_DIR=" + filepath.Join(dir, "data"),
		"STORAGE=local",
		"MEDIA_DIR=" + filepath.Join(dir, "media"),
		"MAIL=log",
		"JWT_ACCESS_SECRET=" + jwtSecret,
		"BCRYPT_COST=4",
		"RATE_LIMIT_API=1000000000",
		"RATE_LIMIT_LOGIN=1000000",
		"RATE_LIMIT_SIGNUP=1000000",
		"LIVE_COMMENT_LIMIT=1000000",
		// The log mailer writes the verification code at INFO; below
		// warnings the log is one access record per request, and a
		// WebSocket's record comes when it closes.
		"LOG_LEVEL=info",
		"SHUTDOWN_TIMEOUT=5s",
	}
}

// ModuleRoot is the directory of the go.mod above the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; run from the repository")
		}
		dir = parent
	}
}

// BuildServer builds ./cmd/stagecast into dir as it ships (no cgo).
func BuildServer(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "stagecast")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/stagecast")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the server: %v\n%s", err, out)
	}
	return bin, nil
}

// StartServer runs the binary in a fresh directory under o.Tmp on a free
// port and waits until /health answers.
func StartServer(ctx context.Context, o ServerOptions) (*Server, error) {
	dir, err := os.MkdirTemp(o.Tmp, "server-")
	if err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	db := o.DatabaseURL
	if db == "" {
		db = "memory:"
	}
	s := &Server{
		Base: "http://127.0.0.1:" + strconv.Itoa(port),
		Log:  NewLogSink(o.Verbose),
		Dir:  dir,
	}
	cmd := exec.Command(o.Bin)
	cmd.Dir = dir
	cmd.Env = append(baseEnv(port, dir, db), o.Env...)
	cmd.Stdout = s.Log
	cmd.Stderr = s.Log
	if s.Process, err = StartProcess(cmd, s.Log.exited); err != nil {
		return nil, fmt.Errorf("starting the server: %w", err)
	}
	if err := WaitHealthy(ctx, s.Process, s.Base+"/health", 30*time.Second); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w; its log:\n%s", err, s.Log.Tail())
	}
	return s, nil
}

// WaitHealthy polls url until it answers 200, the process exits or
// timeout passes.
func WaitHealthy(ctx context.Context, p *Process, url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.Done():
			return errors.New("the process exited at start")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("%s did not answer 200 in %v", url, timeout)
}

// GoMemory is what the Go runtime of the server holds, as /health tells
// it (runtime.MemStats: Sys, HeapSys, HeapAlloc, StackSys).
type GoMemory struct {
	Sys, HeapSys, HeapAlloc, StackSys int64
}

// GoMemory reads /health's memory figures.
func (s *Server) GoMemory() (GoMemory, error) {
	res, err := http.Get(s.Base + "/health")
	if err != nil {
		return GoMemory{}, err
	}
	defer res.Body.Close()
	var out struct {
		Data struct {
			System struct {
				MemoryUsage struct {
					RSS       int64 `json:"rss"`
					HeapTotal int64 `json:"heapTotal"`
					HeapUsed  int64 `json:"heapUsed"`
					External  int64 `json:"external"`
				} `json:"memoryUsage"`
			} `json:"system"`
		} `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return GoMemory{}, err
	}
	m := out.Data.System.MemoryUsage
	return GoMemory{Sys: m.RSS, HeapSys: m.HeapTotal, HeapAlloc: m.HeapUsed, StackSys: m.External}, nil
}

// FreePort is a TCP port nobody listens on at the moment.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
