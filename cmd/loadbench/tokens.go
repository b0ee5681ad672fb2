package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// expiry is when a JWT expires, read from its payload without checking
// the signature (the server does that); zero when it cannot be read.
func expiry(token string) time.Time {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(b, &claims) != nil || claims.Exp == 0 {
		return time.Time{}
	}
	return time.Unix(claims.Exp, 0)
}

// refresh renews the access tokens that would expire before until. The
// bench asks the server for day-long tokens (JWT_ACCESS_TTL), so this
// only does something for a server that ignores the setting or caps it
// lower; a route must not measure 401s because its run outlasted them.
func (w *world) refresh(ctx context.Context, c *benchkit.Client, until time.Time, workers int) (int, error) {
	var stale []int
	for i, m := range w.members {
		if exp := expiry(m.AccessToken); !exp.IsZero() && exp.Before(until) {
			stale = append(stale, i)
		}
	}
	if len(stale) == 0 {
		return 0, nil
	}
	err := parallel(ctx, workers, len(stale), "refresh", func(ctx context.Context, i int) error {
		m := &w.members[stale[i]]
		s, err := c.Refresh(ctx, m.Session)
		if err == nil {
			m.Session = s
		}
		return err
	})
	return len(stale), err
}
