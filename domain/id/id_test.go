package id

import (
	"bytes"
	"sync"
	"testing"
	"time"
)

func TestGeneratorIsOrderedAndUnique(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	g, err := NewGenerator(func() time.Time { return now }, bytes.NewReader(make([]byte, 8)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[ID]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				v := g.New()
				mu.Lock()
				if seen[v] {
					t.Errorf("duplicate %s", v)
				}
				seen[v] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	a, b := g.New(), g.New()
	if !Valid(a.String()) || a >= b {
		t.Fatalf("ids %s %s not valid and increasing", a, b)
	}
	if !a.Time().Equal(now) {
		t.Fatalf("time %v", a.Time())
	}
}

func TestParse(t *testing.T) {
	for s, ok := range map[string]bool{
		"0123456789abcdef01234567": true,
		"0123456789ABCDEF01234567": true,
		"0123456789abcdef0123456":  false,
		"0123456789abcdef0123456g": false,
		"":                         false,
		"abcdefabcdef":             false, // 12 characters are refused
	} {
		got, valid := Parse(s)
		if valid != ok {
			t.Errorf("%q: valid %v", s, valid)
		}
		if valid && got != "0123456789abcdef01234567" {
			t.Errorf("%q: got %s, want lower case", s, got)
		}
	}
}
