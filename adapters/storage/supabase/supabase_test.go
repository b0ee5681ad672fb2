package supabase_test

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/storagetest"
	"github.com/stagecast/stagecast/adapters/storage/supabase"
	"github.com/stagecast/stagecast/adapters/storage/supabase/supabasefake"
)

const (
	serviceKey = "service-role-key-for-tests"
	bucket     = "media"
)

func newStore(t *testing.T, f *supabasefake.Fake) *supabase.Store {
	t.Helper()
	s, err := supabase.New(supabase.Config{URL: f.URL(), ServiceRoleKey: serviceKey, Bucket: bucket, HTTPClient: f.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	for name, opts := range map[string][]supabasefake.Option{
		"current": nil,
		"legacy":  {supabasefake.LegacyErrors()},
	} {
		t.Run(name, func(t *testing.T) {
			storagetest.Run(t, func(t *testing.T) *storagetest.Harness {
				clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
				f := supabasefake.New(t, serviceKey, bucket, append(opts, supabasefake.WithClock(clock.Now))...)
				return &storagetest.Harness{Store: newStore(t, f), Client: f.Client(), Now: clock.Now, Advance: clock.Advance}
			})
		})
	}
}
