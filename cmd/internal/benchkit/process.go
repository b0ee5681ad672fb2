package benchkit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Process is a child process that dies with the bench.
type Process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	// stopping is set once the bench stops the process: an exit before
	// it is worth reporting.
	stopping atomic.Bool
}

// StartProcess starts cmd. onExit, when set, is called if the process
// ends before [Process.Stop] was called.
func StartProcess(cmd *exec.Cmd, onExit func(*os.ProcessState, error)) (*Process, error) {
	p := &Process{cmd: cmd, done: make(chan struct{})}
	// The signal comes when the thread that started the process ends, so
	// that thread is held until the process has exited.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		err := cmd.Wait()
		if !p.stopping.Load() && onExit != nil {
			onExit(cmd.ProcessState, err)
		}
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

// Done is closed once the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Pid is the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Stop ends the process: SIGTERM, and SIGKILL if it is still there 5
// seconds later.
func (p *Process) Stop() {
	p.stopping.Store(true)
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// RSS is the process's resident memory in bytes, from /proc.
func (p *Process) RSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Pid()))
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

// CPUTime is the CPU time the process has used so far (user and system),
// from /proc; 0 when it cannot be read.
func (p *Process) CPUTime() time.Duration { return PidCPUTime(p.Pid()) }

// PidCPUTime is the CPU time any process of the machine has used so far,
// from /proc; 0 when it cannot be read.
func PidCPUTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	return parseStatCPU(string(b))
}

// parseStatCPU reads utime + stime from the text of /proc/<pid>/stat.
func parseStatCPU(stat string) time.Duration {
	// The fields after the command's name, which may hold spaces and
	// parentheses, start at the state (field 3); utime and stime are
	// fields 14 and 15.
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(stat[i+1:])
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

// MachineCPUTime is the busy time of all the machine's cores so far,
// every process's together, from /proc/stat; 0 when it cannot be read.
// Less the bench's and the server's own, it tells how much else ran
// meanwhile and skewed the figures.
func MachineCPUTime() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	return parseMachineCPU(string(b))
}

// parseMachineCPU reads the busy time from the text of /proc/stat: the
// first line's user, nice, system, irq, softirq and steal ticks (guest
// time is within user already; idle and iowait are not busy).
func parseMachineCPU(stat string) time.Duration {
	line, _, _ := strings.Cut(stat, "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0
		}
		busy += n
	}
	return time.Duration(busy) * clockTick
}

// FileLimit is the process's soft limit of open files, from /proc.
func (p *Process) FileLimit() string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", p.Pid()))
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

// SelfCPUTime is the CPU time the bench's own process has used so far:
// on a small machine it is taken from the server's cores.
func SelfCPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
}

// RaiseFileLimit sets the soft limit of open files to the hard one and
// returns it. Children inherit it: a program that sets the limit itself
// hands the new one to the processes it starts.
func RaiseFileLimit() (uint64, error) {
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

// NumCPU is GOMAXPROCS, which the server's runtime picks the same way.
func NumCPU() int { return runtime.GOMAXPROCS(0) }
