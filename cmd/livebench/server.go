package main

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
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// jwtSecret signs the bench server's tokens; any 32 bytes or more do.
const jwtSecret = "livebench-secret-livebench-secret-0123"

// server is a running server process.
type server struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	log  *logSink
	done chan struct{} // closed once the process has exited
	// stopping is set once the bench stops the process: an exit before
	// it is worth reporting.
	stopping atomic.Bool
}

// raiseFileLimit sets the soft limit of open files to the hard one and
// returns it. Children inherit it: a program that sets the limit itself
// hands the new one to the processes it starts.
func raiseFileLimit() (uint64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, fmt.Errorf("reading the open-file limit: %w", err)
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return 0, fmt.Errorf("raising the open-file limit: %w", err)
		}
	}
	return l.Cur, nil
}

// numCPU is GOMAXPROCS, which the server's runtime picks the same way.
func numCPU() int { return runtime.GOMAXPROCS(0) }

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot() (string, error) {
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

// buildServer builds ./cmd/stagecast into dir as it ships (no cgo).
func buildServer(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "stagecast")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/stagecast")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the server: %v\n%s", err, out)
	}
	return bin, nil
}

// startServer runs the binary in a fresh directory under tmp on a free
// port and waits until /health answers.
func startServer(ctx context.Context, bin, tmp string, verbose bool) (*server, error) {
	dir, err := os.MkdirTemp(tmp, "server-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{
		base: "http://127.0.0.1:" + strconv.Itoa(port),
		log:  newLogSink(verbose),
		done: make(chan struct{}),
	}
	s.cmd = exec.Command(bin)
	s.cmd.Dir = dir
	s.cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"PORT=" + strconv.Itoa(port),
		"DATABASE_URL=memory:",
		"DATA_DIR=" + filepath.Join(dir, "data"),
		"MEDIA_DIR=" + filepath.Join(dir, "media"),
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
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	// The server dies with the bench, however the bench ends. The signal
	// comes when the thread that started the process ends, so that thread
	// is held until the process has exited.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		if err := s.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		err := s.cmd.Wait()
		if !s.stopping.Load() {
			s.log.exited(s.cmd.ProcessState, err)
		}
		close(s.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("starting the server: %w", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return nil, fmt.Errorf("the server exited at start; its log:\n%s", s.log.tail())
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if res, err := http.Get(s.base + "/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
	}
	s.stop()
	return nil, fmt.Errorf("the server did not answer /health in 30s; its log:\n%s", s.log.tail())
}

// stop ends the process: SIGTERM, and SIGKILL if it is still there 5
// seconds later.
func (s *server) stop() {
	s.stopping.Store(true)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// rss is the process's resident memory in bytes, from /proc.
func (s *server) rss() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

// clockTick is the unit of the CPU times in /proc/<pid>/stat: USER_HZ,
// 100 on Linux.
const clockTick = 10 * time.Millisecond

// cpuTime is the CPU time the process has used so far (user and system),
// from /proc; 0 when it cannot be read.
func (s *server) cpuTime() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which may hold spaces, start
	// at the state (field 3); utime and stime are fields 14 and 15.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * clockTick
}

// fileLimit is the process's soft limit of open files, from /proc.
func (s *server) fileLimit() string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", s.cmd.Process.Pid))
	if err != nil {
		return "?"
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "Max open files"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				return f[0]
			}
		}
	}
	return "?"
}

// goMemory is what the Go runtime of the server holds, as /health tells
// it (runtime.MemStats: Sys, HeapSys, HeapAlloc, StackSys).
type goMemory struct {
	Sys, HeapSys, HeapAlloc, StackSys int64
}

// goMemory reads /health's memory figures.
func (s *server) goMemory() (goMemory, error) {
	res, err := http.Get(s.base + "/health")
	if err != nil {
		return goMemory{}, err
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
		return goMemory{}, err
	}
	m := out.Data.System.MemoryUsage
	return goMemory{Sys: m.RSS, HeapSys: m.HeapTotal, HeapAlloc: m.HeapUsed, StackSys: m.External}, nil
}

// freePort is a TCP port nobody listens on at the moment.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
