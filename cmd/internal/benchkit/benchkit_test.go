package benchkit

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSplitList(t *testing.T) {
	if got := strings.Join(SplitList(" a, b,,c ,"), "|"); got != "a|b|c" {
		t.Errorf("SplitList = %q", got)
	}
	if SplitList("") != nil {
		t.Error("SplitList of nothing is not empty")
	}
}

func TestParseStatCPU(t *testing.T) {
	// The command's name may hold spaces and parentheses.
	stat := "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 8 0 1000 0 0"
	if got := parseStatCPU(stat); got != 3800*time.Millisecond {
		t.Errorf("parseStatCPU = %v, want 3.8s", got)
	}
	for _, bad := range []string{"", "4242 (x) S 1 2", "4242 (x) S 1 2 3 4 5 6 7 8 9 10 x 0"} {
		if got := parseStatCPU(bad); got != 0 {
			t.Errorf("parseStatCPU(%q) = %v", bad, got)
		}
	}
}

func TestParseMachineCPU(t *testing.T) {
	stat := "cpu  100 5 20 9999 77 3 2 1 0 0\ncpu0 50 0 10 5000 0 0 0 0 0 0\n"
	// user + nice + system + irq + softirq + steal; idle and iowait are
	// not busy.
	if got := parseMachineCPU(stat); got != 131*clockTick {
		t.Errorf("parseMachineCPU = %v, want %v", got, 131*clockTick)
	}
	if got := parseMachineCPU("intr 1 2 3\n"); got != 0 {
		t.Errorf("parseMachineCPU of another file = %v", got)
	}
}

func TestLogSink(t *testing.T) {
	l := NewLogSink(false)
	lines := []string{
		`{"level":"INFO","msg":"starting"}`,
		`{"level":"INFO","msg":"http request","status":200}`,
		`{"level":"INFO","msg":"mail sent","to":"ada@example.com","text":"Hello ada. Your code: 123456. It expires"}`,
		`{"level":"ERROR","msg":"request failed","err":"database is locked"}`,
		`{"level":"ERROR","msg":"request failed","err":"again"}`,
		`{"level":"WARN","msg":"slow query"}`,
		`not json`,
	}
	// Lines may arrive cut anywhere.
	all := strings.Join(lines, "\n") + "\n"
	for len(all) > 0 {
		n := min(len(all), 17)
		if _, err := l.Write([]byte(all[:n])); err != nil {
			t.Fatal(err)
		}
		all = all[n:]
	}
	code, err := l.Code("ADA@example.com", time.Second)
	if err != nil || code != "123456" {
		t.Fatalf("Code = %q, %v", code, err)
	}
	if _, err := l.Code("bob@example.com", 10*time.Millisecond); err == nil {
		t.Error("a code for an address nobody mailed")
	}
	if got := fmt.Sprint(l.Notes()); got != "[2× ERROR request failed 1× WARN slow query 1× (not JSON)]" {
		t.Errorf("Notes = %s", got)
	}
	samples := l.Samples()
	if len(samples) != 2 || !strings.Contains(samples[0], "database is locked") || !strings.Contains(samples[1], "slow query") {
		t.Errorf("Samples = %q", samples)
	}
	if !strings.Contains(l.Tail(), "not json") {
		t.Errorf("Tail = %q", l.Tail())
	}
}

func TestLogSinkCodeArrivesLater(t *testing.T) {
	l := NewLogSink(false)
	go func() {
		time.Sleep(20 * time.Millisecond)
		_, _ = l.Write([]byte(`{"level":"INFO","msg":"mail sent","to":"x@example.com","text":"Your code: 654321"}` + "\n"))
	}()
	if code, err := l.Code("x@example.com", 5*time.Second); err != nil || code != "654321" {
		t.Fatalf("Code = %q, %v", code, err)
	}
}
