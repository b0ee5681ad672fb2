package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

func noEnv(string) string { return "" }

func TestParseFlagsDefaults(t *testing.T) {
	o, err := parseFlags(nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if o.store != storeSQLite || o.postgresURL != defaultPostgresURL || o.scale != 1 || o.concurrency != 64 ||
		o.duration != 5*time.Second || o.warmup != time.Second || o.bareDuration != 5*time.Second || o.turns != 5 || o.routes != nil || o.jsonPath != "" || o.bin != "" {
		t.Fatalf("defaults = %+v", o)
	}
}

func TestParseFlags(t *testing.T) {
	env := func(k string) string {
		if k == "TEST_POSTGRES_URL" {
			return "postgres://u@db:5432/x"
		}
		return ""
	}
	o, err := parseFlags([]string{"-store", "postgres", "-scale", "10", "-concurrency", "8", "-duration", "2s",
		"-routes", "feed, search,,", "-json", "out.json", "-bin", "/tmp/old"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if o.store != storePostgres || o.postgresURL != "postgres://u@db:5432/x" || o.scale != 10 || o.concurrency != 8 ||
		o.duration != 2*time.Second || strings.Join(o.routes, "|") != "feed|search" || o.jsonPath != "out.json" || o.bin != "/tmp/old" {
		t.Fatalf("options = %+v", o)
	}
	if o, _ := parseFlags([]string{"-postgres-url", "postgres://a@b/c"}, env); o.postgresURL != "postgres://a@b/c" {
		t.Errorf("-postgres-url did not win over the environment: %q", o.postgresURL)
	}
	for _, bad := range [][]string{
		{"-store", "mongo"}, {"-scale", "0"}, {"-concurrency", "0"}, {"-seed-workers", "0"},
		{"-duration", "0s"}, {"-warmup", "-1s"}, {"-store", "postgres", "-postgres-url", ""}, {"extra"},
		{"-nosuchflag"}, {"-turns", "0"}, {"-turns", "51"}, {"-bare-duration", "1s", "-turns", "11"},
	} {
		if _, err := parseFlags(bad, noEnv); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

func TestGoals(t *testing.T) {
	for _, c := range []struct {
		g     goal
		share float64
		text  string
	}{
		{goalNone, 0, "-"}, {goalBaseline, 0, "baseline"}, {goalHealth, 0.5, "≥50%"},
		{goalAuth, 0.25, "≥25%"}, {goalList, 0.15, "≥15%"}, {goalSearch, 0.10, "≥10%"},
	} {
		if c.g.share() != c.share || c.g.String() != c.text {
			t.Errorf("goal %d: share %v, text %q; want %v, %q", c.g, c.g.share(), c.g.String(), c.share, c.text)
		}
	}
	for _, c := range []struct {
		g      goal
		ratio  float64
		errors int
		want   string
	}{
		{goalHealth, 0.5, 0, "PASS"}, {goalHealth, 0.49, 0, "MISS"}, {goalList, 0.2, 0, "PASS"},
		{goalList, 0.2, 3, "MISS"}, {goalSearch, 0.09, 0, "MISS"}, {goalNone, 0.9, 0, "-"},
		{goalBaseline, 1, 0, "-"}, {goalAuth, 0, 0, "-"},
	} {
		if got := c.g.verdict(c.ratio, c.errors); got != c.want {
			t.Errorf("%v.verdict(%v, %d) = %s, want %s", c.g, c.ratio, c.errors, got, c.want)
		}
	}
}

// TestRouteGoals keeps the table's kinds as the goals define them: a
// route that changes kind changes what it must reach.
func TestRouteGoals(t *testing.T) {
	want := map[string]goal{
		"health": goalHealth, "me": goalAuth, "check-username": goalAuth,
		"video search": goalSearch, "member search": goalSearch,
		"videos": goalList, "videos by views": goalList, "own videos": goalList, "history": goalList,
		"liked videos": goalList, "followers": goalList, "following": goalList, "subscriptions": goalList,
		"comments": goalList, "community feed": goalList, "own playlists": goalList,
		"video view": goalNone, "playlist": goalNone, "liked unpaged": goalNone, "profile": goalNone, "dashboard": goalNone,
		"like toggle": goalNone, "comment": goalNone, "follow toggle": goalNone,
	}
	seen := map[string]bool{}
	for _, r := range allRoutes() {
		if seen[r.name] {
			t.Errorf("route %q twice", r.name)
		}
		seen[r.name] = true
		g, ok := want[r.name]
		if !ok {
			t.Errorf("route %q has no expected goal here", r.name)
			continue
		}
		if r.goal != g {
			t.Errorf("route %q: goal %v, want %v", r.name, r.goal, g)
		}
		if write := !strings.HasPrefix(r.request, "GET "); write && r.goal != goalNone {
			t.Errorf("write %q has a goal", r.name)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("no route %q", name)
		}
	}
}

func TestSelectRoutes(t *testing.T) {
	all := allRoutes()
	got, err := selectRoutes(all, nil)
	if err != nil || len(got) != len(all) {
		t.Fatalf("no filter: %d routes, %v", len(got), err)
	}
	got, err = selectRoutes(all, []string{"search", "/playlist/me"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.name)
	}
	if strings.Join(names, ",") != "video search,member search,own playlists" {
		t.Errorf("selected %v", names)
	}
	// A route's own name picks that route alone.
	got, _ = selectRoutes(all, []string{"me", "comment"})
	names = nil
	for _, r := range got {
		names = append(names, r.name)
	}
	if strings.Join(names, ",") != "me,comment" {
		t.Errorf("exact names selected %v", names)
	}
	if _, err := selectRoutes(all, []string{"nothing-like-it"}); err == nil {
		t.Error("a filter matching nothing was accepted")
	}
}

func TestPlanFor(t *testing.T) {
	p := planFor(1)
	if p.members != 50 || p.videos != 2000 || p.published() != 1800 || p.history != 300 ||
		p.commentLikeCount() != 2500 || p.posts*p.postLikers != 1500 || !p.commentLiked(49) || p.commentLiked(50) {
		t.Errorf("scale 1: %+v", p)
	}
	q := planFor(10)
	if q.members != 500 || q.videos != 20000 || q.comments != 10*p.comments || q.history != 3000 ||
		q.follows != p.follows || q.likes != p.likes {
		t.Errorf("scale 10: %+v", q)
	}
	// A tiny scale still makes a consistent world.
	s := planFor(0.001)
	if s.members < 2 || s.follows > s.members-1 || s.measuredFollows > s.members-1 ||
		s.likes > s.published() || s.history > s.published() || s.playlistVideos > s.published() ||
		s.postLikers > s.members-1 || s.likedCommentEvery < 1 {
		t.Errorf("scale 0.001: %+v", s)
	}
}

// testWorld is a small seeded world without a server.
func testWorld(members, videos int) *world {
	w := &world{}
	for i := range members {
		w.members = append(w.members, member{
			Session:  benchkit.Session{UserID: fmt.Sprintf("u%d", i), AccessToken: fmt.Sprintf("t%d", i)},
			username: fmt.Sprintf("user_%d", i),
		})
	}
	for i := range videos {
		w.published = append(w.published, fmt.Sprintf("v%d", i))
	}
	w.hot = w.published[:min(3, videos)]
	w.playlists = []string{"p0", "p1"}
	return w
}

func TestTargets(t *testing.T) {
	w := testWorld(5, 7)
	for _, r := range allRoutes() {
		ts := r.targets(w, "http://h")
		if len(ts) == 0 {
			t.Errorf("%s: no targets", r.name)
			continue
		}
		method, _, _ := strings.Cut(r.request, " ")
		for _, tg := range ts {
			if tg.Method != method || !strings.HasPrefix(tg.URL, "http://h/") {
				t.Errorf("%s: target %s %s", r.name, tg.Method, tg.URL)
			}
		}
	}
	// Follows are never of oneself, and spread over every member.
	follows := followToggle(w, "")
	by := map[string]bool{}
	for _, tg := range follows {
		who := strings.TrimPrefix(tg.Header.Get("Authorization"), "Bearer t")
		if tg.URL == "/api/v1/follower/toggle/u"+who {
			t.Fatalf("member %s follows itself", who)
		}
		by[who] = true
	}
	if len(by) != 5 {
		t.Errorf("follows by %d members, want 5", len(by))
	}
	// Views never come from the measured member, whose history stays as
	// seeded.
	for _, tg := range videoView(w, "") {
		if tg.Header.Get("Authorization") == "Bearer t0" {
			t.Fatal("a view as the measured member")
		}
	}
}

func TestCycle(t *testing.T) {
	next := cycle([]vegeta.Target{{URL: "a"}, {URL: "b"}, {URL: "c"}})
	var got []string
	for range 7 {
		var tg vegeta.Target
		if err := next(&tg); err != nil {
			t.Fatal(err)
		}
		got = append(got, tg.URL)
	}
	if strings.Join(got, "") != "abcabca" {
		t.Errorf("cycle gave %v", got)
	}
}

func TestTally(t *testing.T) {
	var tl tally
	for _, r := range []vegeta.Result{
		{Code: 200}, {Code: 201}, {Code: 204},
		{Code: 500, Body: []byte(`{"success":false,"message":"Internal server error"}`)},
		{Code: 500, Body: []byte(`{"success":false,"message":"Internal server error"}`)},
		{Code: 0, Error: "dial tcp: connection refused"},
		{Code: 302},
		{Code: 429, Body: []byte(`Too many`)},
		{Code: 404, Body: []byte(`{"message":"Video not found"}`)},
		{Code: 401, Body: []byte(`{"message":"UNAUTHORIZED"}`)},
	} {
		tl.add(&r)
	}
	if tl.total != 7 || tl.other != 2 {
		t.Fatalf("tally = %+v", tl)
	}
	want := "500 Internal server error (×2); no answer: dial tcp: connection refused (×1); 302 (×1); 429 Too many (×1)"
	if got := kindsText(tl.kinds); got != want {
		t.Errorf("kinds = %q, want %q", got, want)
	}
}

// A route is measured in turns with the bare handler, each in as many
// slices as -turns, starting with the bare handler's: its figures add up
// over its slices, and its share is of the bare rate of its own turns.
func TestMeasureBeside(t *testing.T) {
	var mu sync.Mutex
	var order []byte
	counts := map[byte]int{}
	server := func(mark byte, pause time.Duration) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			if len(order) == 0 || order[len(order)-1] != mark {
				order = append(order, mark)
			}
			counts[mark]++
			mu.Unlock()
			time.Sleep(pause)
			w.Write([]byte("{}"))
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	routeSrv, bareSrv := server('r', 2*time.Millisecond), server('b', 0)
	o := options{concurrency: 4, duration: 600 * time.Millisecond, bareDuration: 300 * time.Millisecond, turns: 3}
	// Each reading of a meter is 10ms on from the last: a slice's
	// reading is 10ms, and a load's CPU time is 10ms a slice.
	counter := func() func() time.Duration {
		var d time.Duration
		return func() time.Duration { d += 10 * time.Millisecond; return d }
	}
	target := func(srv *httptest.Server) []vegeta.Target { return []vegeta.Target{{Method: "GET", URL: srv.URL}} }
	client, bareClient := newHTTPClient(o.concurrency), newHTTPClient(o.concurrency)
	defer client.CloseIdleConnections()
	defer bareClient.CloseIdleConnections()
	r := route{name: "feed", request: "GET /feed", goal: goalList}
	res, bare := measureBeside(t.Context(), o,
		newLoad(o, client, r, target(routeSrv), meters{proc: counter(), db: func(context.Context) time.Duration { return 0 }}),
		newLoad(o, bareClient, bareRoute, target(bareSrv), meters{proc: counter()}))

	mu.Lock()
	defer mu.Unlock()
	if got := string(order); got != "brbrbr" {
		t.Errorf("the servers were loaded in the order %q, want brbrbr", got)
	}
	if res.requests != uint64(counts['r']) || bare.requests != uint64(counts['b']) || res.errors != 0 || bare.errors != 0 {
		t.Errorf("route %d requests (%d errors), bare %d (%d); the servers answered %d and %d", res.requests, res.errors, bare.requests, bare.errors, counts['r'], counts['b'])
	}
	if res.span < 540*time.Millisecond || res.span > time.Second || bare.span < 240*time.Millisecond || bare.span > 700*time.Millisecond {
		t.Errorf("the route was measured for %v and the bare handler for %v, want about 600ms and 300ms", res.span, bare.span)
	}
	if want := float64(res.requests) / res.span.Seconds(); math.Abs(res.rate-want) > 1e-6 {
		t.Errorf("the route's rate is %v, want its requests over its slices' time, %v", res.rate, want)
	}
	if res.bareRate != bare.rate || bare.rate <= 0 || math.Abs(res.ratio-res.rate/bare.rate) > 1e-9 {
		t.Errorf("the route's share is %v of %v, want its rate %v of the bare rate %v", res.ratio, res.bareRate, res.rate, bare.rate)
	}
	if res.serverCPU != 30*time.Millisecond || bare.serverCPU != 30*time.Millisecond {
		t.Errorf("CPU time %v and %v, want 10ms for each of the 3 slices", res.serverCPU, bare.serverCPU)
	}
	if res.name != "feed" || res.goal != goalList || bare.name != bareRoute.name {
		t.Errorf("results are named %q (%v) and %q", res.name, res.goal, bare.name)
	}

	// A route with nothing to request is not measured, nor is the bare
	// handler beside it.
	none, noBare := measureBeside(t.Context(), o, newLoad(o, client, r, nil, meters{proc: counter()}),
		newLoad(o, bareClient, bareRoute, target(bareSrv), meters{proc: counter()}))
	if none.failed == "" || noBare.requests != 0 || noBare.rate != 0 {
		t.Errorf("a route with no targets: %+v beside %+v", none, noBare)
	}
}

// The slices of a duration add up to it, whatever their number.
func TestSliceOf(t *testing.T) {
	for _, c := range []struct {
		d time.Duration
		n int
	}{{5 * time.Second, 5}, {time.Second, 3}, {7, 3}, {time.Second, 1}} {
		var sum time.Duration
		for i := range c.n {
			s := sliceOf(c.d, c.n, i)
			if s < c.d/time.Duration(c.n) || s > c.d/time.Duration(c.n)+1 {
				t.Errorf("slice %d of %v in %d is %v", i, c.d, c.n, s)
			}
			sum += s
		}
		if sum != c.d {
			t.Errorf("%d slices of %v add up to %v", c.n, c.d, sum)
		}
	}
}

// inTurn prepares and measures each route in turn, and a failure or a
// cancellation ends the run with the routes measured whole so far, each
// with the bare run beside it; a route that could not be measured has
// none.
func TestInTurn(t *testing.T) {
	routes := []route{{name: "a"}, {name: "b"}, {name: "c"}}
	boom := errors.New("boom")
	for _, c := range []struct {
		scenario string
		routes   []route
		// fail names the step that fails: "prepare 2" is the second
		// prepare, "measure b" the measure of route b; "cancel b"
		// cancels the run while route b loads; "empty b" leaves route
		// b unmeasured.
		fail           string
		steps          string
		results, bareN int
		wantErr        error
	}{
		{"whole run", routes, "", "prepare a prepare b prepare c", 3, 3, nil},
		{"no routes", nil, "", "", 0, 0, nil},
		{"refresh or settle fails", routes, "prepare 2", "prepare a prepare", 1, 1, boom},
		{"bare handler fails", routes, "measure b", "prepare a prepare b", 1, 1, boom},
		{"cancelled while a route loads", routes, "cancel b", "prepare a prepare b", 1, 1, context.Canceled},
		{"a route not measured", routes, "empty b", "prepare a prepare b prepare c", 3, 2, nil},
	} {
		ctx, cancel := context.WithCancel(t.Context())
		var steps []string
		prepares := 0
		results, bare, err := inTurn(ctx, c.routes, turnSteps{
			prepare: func(context.Context) error {
				steps = append(steps, "prepare")
				prepares++
				if c.fail == fmt.Sprint("prepare ", prepares) {
					return boom
				}
				return nil
			},
			measure: func(_ context.Context, r route) (result, result, error) {
				steps = append(steps, r.name)
				res, b := result{name: r.name, rate: 100}, result{name: "bare net/http", rate: 1000}
				switch c.fail {
				case "cancel " + r.name:
					cancel()
				case "measure " + r.name:
					return res, b, boom
				case "empty " + r.name:
					res.failed, b = "no seeded data to request", result{}
				}
				return res, b, nil
			},
		})
		cancel()
		if got := strings.Join(steps, " "); got != c.steps || len(results) != c.results || len(bare) != c.bareN || !errors.Is(err, c.wantErr) {
			t.Errorf("%s: steps %q, %d results, %d bare runs, error %v; want %q, %d, %d, %v",
				c.scenario, got, len(results), len(bare), err, c.steps, c.results, c.bareN, c.wantErr)
		}
	}
}

// The bare handler's row is its median run, or the mean of two; it keeps
// every run's rate in order.
func TestMedianRun(t *testing.T) {
	run := func(rate float64, p50 time.Duration) result {
		return result{name: "bare net/http", rate: rate, p50: p50}
	}
	for _, c := range []struct {
		runs     []result
		rate     float64
		p50      time.Duration
		rates    []float64
		scenario string
	}{
		{[]result{run(30000, 1), run(20000, 2), run(25000, 3)}, 25000, 3, []float64{30000, 20000, 25000}, "three"},
		{[]result{run(20000, 1), run(30000, 2)}, 25000, 1, []float64{20000, 30000}, "two"},
		{[]result{run(20000, 1)}, 20000, 1, []float64{20000}, "one"},
	} {
		base := medianRun(c.runs)
		if base.rate != c.rate || base.p50 != c.p50 || base.ratio != 1 || base.bareRate != c.rate || !slices.Equal(base.runs, c.rates) {
			t.Errorf("%s: base rate %v, p50 %v, ratio %v, runs %v; want %v, %v, 1, %v",
				c.scenario, base.rate, base.p50, base.ratio, base.runs, c.rate, c.p50, c.rates)
		}
	}
}

func TestReport(t *testing.T) {
	rep := report{
		store: "SQLite", scale: 1, concurrency: 64, duration: 5 * time.Second, bareDuration: 5 * time.Second, turns: 5, cpus: 2, seeding: 12340 * time.Millisecond,
		plan: planFor(1), dbApart: true,
		results: []result{
			{name: "bare net/http", request: "GET /health (bare handler)", goal: goalBaseline, requests: 40000, rate: 20000, ratio: 1, bareRate: 20000, span: 2 * time.Second,
				p50: 2 * time.Millisecond, p99: 10 * time.Millisecond, serverCPU: time.Second, otherCPU: 1500 * time.Millisecond, runs: []float64{19000, 20000, 24000, 21000}},
			{name: "health", request: "GET /health", goal: goalHealth, requests: 60000, rate: 12000, ratio: 0.6, bareRate: 20000, span: 5 * time.Second,
				p50: 3 * time.Millisecond, p99: 12 * time.Millisecond, serverCPU: 3 * time.Second, benchCPU: 2 * time.Second, otherCPU: 5 * time.Second},
			{name: "history", request: "GET /api/v1/user/history", goal: goalList, requests: 10000, rate: 2222, ratio: 0.1, bareRate: 22220, span: 5*time.Second + 4*time.Millisecond,
				p50: 30 * time.Millisecond, p99: 90 * time.Millisecond, errors: 3, kinds: []errorKind{{"500 Internal server error", 3}},
				serverCPU: 7 * time.Second, dbCPU: 2 * time.Second},
			{name: "own playlists", request: "GET /api/v1/playlist/me", goal: goalList, failed: "no seeded data to request"},
		},
		serverNotes:   []string{"3× ERROR request failed"},
		serverSamples: []string{`{"level":"ERROR","msg":"request failed"}`},
	}
	var buf bytes.Buffer
	rep.print(&buf)
	out := buf.String()
	for _, want := range []string{
		"SQLite, scale 1 (50 members, 2000 videos", "seeding took 12.34s",
		"route", "req/s", "vs bare", "goal", "result",
		"bare net/http", "baseline", "100.0%",
		"5s per route and 5s of the bare handler beside it, in 5 turns",
		"0.75 cores", // the bare run's other processes, over its 2 s
		"health", "12000", "60.0%", "≥50%", "PASS", "50µs", "1.00 cores",
		"history", "22220", "10.0%", "≥15%", "MISS", "700µs", "200µs",
		"not measured: no seeded data to request",
		"the bare handler's 4 runs, one beside each route in turns with it: 19000 to 24000 req/s, median 20000 (its row); each route's share is of the bare rate of its own turns (bare beside)",
		"goals: 1 PASS, 1 MISS",
		// The measured time is rounded as the CPU time is (10.004 s).
		"server CPU while measured: 10s in 10s (1.00 of 2 cores); the database's processes: 0.20 cores; the bench's own: 0.20 cores; other processes: 0.50 cores",
		"history: 3 of 10000: 500 Internal server error (×3)",
		"the rates are lower than on a quiet one",
		"3× ERROR request failed", `first of its kind: {"level":"ERROR"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// Every row of the table has the same columns, the bare rate beside
	// each route among them.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "route ") {
			for _, col := range []string{"req/s", "bare beside", "vs bare"} {
				header := strings.Index(l, col)
				if header < 0 {
					t.Fatalf("no column %q in %q", col, l)
				}
				for _, row := range lines[i+1 : i+5] {
					if len(row) < header || row[header-1] != ' ' {
						t.Errorf("row %q is not aligned with the column %q of %q", row, col, l)
					}
				}
			}
			if beside := strings.Index(l, "bare beside"); !strings.HasPrefix(lines[i+3][beside:], "22220 ") {
				t.Errorf("history's bare rate is not under its column:\n%s\n%s", l, lines[i+3])
			}
		}
	}
	path := filepath.Join(t.TempDir(), "out.json")
	if err := rep.writeJSON(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var j jsonReport
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if j.Store != "SQLite" || j.SeedingSec != 12.34 || len(j.Routes) != 4 || j.Routes[1].Result != "PASS" ||
		j.Routes[1].P99Ms != 12 || j.Routes[2].ErrorKinds[0].Count != 3 || j.Routes[3].NotMeasured == "" || j.Routes[2].GoalShare != 0.15 || j.Routes[2].DBCPUMs != 2000 ||
		j.Routes[2].BareReqPerSec != 22220 || j.BareSec != 5 || j.Turns != 5 || len(j.Routes[0].RunsReqPerSec) != 4 {
		t.Errorf("JSON = %s", b)
	}
}

func TestExpiry(t *testing.T) {
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"_id":"x","exp":1700000000}`))
	if got := expiry("h." + payload + ".s"); !got.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("expiry = %v", got)
	}
	for _, bad := range []string{"", "a.b", "h.!!!.s", "h." + base64.RawURLEncoding.EncodeToString([]byte(`{}`)) + ".s"} {
		if got := expiry(bad); !got.IsZero() {
			t.Errorf("expiry(%q) = %v", bad, got)
		}
	}
}

func TestWithDatabase(t *testing.T) {
	got, err := withDatabase("postgres://postgres:pw@127.0.0.1:5432/test?sslmode=disable", "loadbench_1")
	if err != nil || got != "postgres://postgres:pw@127.0.0.1:5432/loadbench_1?sslmode=disable" {
		t.Errorf("withDatabase = %q, %v", got, err)
	}
	if got, err := withDatabase("postgresql://h", "d"); err != nil || got != "postgresql://h/d" {
		t.Errorf("withDatabase without a database = %q, %v", got, err)
	}
	for _, bad := range []string{"host=x dbname=y", "mysql://h/d", "postgres:///d"} {
		if _, err := withDatabase(bad, "d"); err == nil {
			t.Errorf("withDatabase(%q) accepted", bad)
		}
	}
	if r := redact("postgres://u:secret@h/d"); strings.Contains(r, "secret") {
		t.Errorf("redact kept the password: %s", r)
	}
}
