package v1_test

import (
	"testing"
	"time"
)

// healthParts returns data.status, data.services and data.system of a /health body.
func healthParts(t *testing.T, r *resp) (status string, services, system map[string]any) {
	t.Helper()
	d := r.data()
	status, _ = d["status"].(string)
	services, _ = d["services"].(map[string]any)
	system, _ = d["system"].(map[string]any)
	if services == nil || system == nil {
		t.Fatalf("body %s", r.Raw)
	}
	return status, services, system
}

func TestHealthPassed(t *testing.T) {
	e := newEnv(t, nil)
	e.clock.Advance(90 * time.Second)
	r := e.client().do("GET", "/health", nil).expect(t, 200, "Health check passed")
	if r.Body["success"] != true || r.Body["statusCode"] != float64(200) {
		t.Fatalf("envelope %s", r.Raw)
	}
	status, services, system := healthParts(t, r)
	if status != "OK" || services["database"] != "connected" {
		t.Fatalf("status %q, services %v", status, services)
	}
	if ts := r.data()["timestamp"]; ts != "2026-03-01T12:01:30.000Z" {
		t.Errorf("timestamp %v, want the clock's now", ts)
	}
	if up, ok := system["uptime"].(float64); !ok || up < 0 {
		t.Errorf("uptime %v", system["uptime"])
	}
	mem, _ := system["memoryUsage"].(map[string]any)
	for _, k := range []string{"rss", "heapTotal", "heapUsed", "external", "arrayBuffers"} {
		if n, ok := mem[k].(float64); !ok || n < 0 {
			t.Errorf("memoryUsage.%s = %v", k, mem[k])
		}
	}
	if n, _ := mem["heapUsed"].(float64); n == 0 {
		t.Errorf("heapUsed is 0")
	}
}

func TestHealthDatabaseDown(t *testing.T) {
	e := newEnv(t, nil)
	e.mu.Lock()
	e.dbDown = true
	e.mu.Unlock()
	c := e.client()
	r := c.do("GET", "/health", nil).expect(t, 503, "Health check failed")
	if r.Body["success"] != false || r.Body["statusCode"] != float64(503) {
		t.Fatalf("envelope %s", r.Raw)
	}
	status, services, _ := healthParts(t, r)
	if status != "ERROR" || services["database"] != "disconnected" {
		t.Fatalf("status %q, services %v", status, services)
	}

	// It recovers once the database answers again and the last probe,
	// which /health reuses for a second, is that old.
	e.mu.Lock()
	e.dbDown = false
	e.mu.Unlock()
	e.clock.Advance(time.Second)
	c.do("GET", "/health", nil).expect(t, 200, "Health check passed")
}

func TestHealthUptimeFollowsClock(t *testing.T) {
	e := newEnv(t, nil)
	uptime := func() float64 {
		_, _, system := healthParts(t, e.client().do("GET", "/health", nil).expect(t, 200, "Health check passed"))
		up, _ := system["uptime"].(float64)
		return up
	}
	before := uptime()
	e.clock.Advance(10 * time.Second)
	if after := uptime(); after-before != 10 {
		t.Errorf("uptime went from %v to %v over 10 s", before, after)
	}
}
