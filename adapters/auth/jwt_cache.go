package auth

import (
	"sync"
	"time"

	"github.com/stagecast/stagecast/app"
)

// verifiedMax bounds the tokens verifiedCache remembers.
const verifiedMax = 10_000

// verifiedCache remembers the claims of tokens whose signature checked out,
// keyed by the whole token: a client sends the same access token with
// every request for its lifetime, and decoding and checking it again (two
// JSON documents and an HMAC) was a tenth of an authenticated request's
// CPU. A token that is not byte for byte one already verified goes through
// the full check, so nothing is trusted that was not verified; the checks
// that depend on the time run again on every hit.
//
// It holds two generations of at most verifiedMax/2 tokens each: when the
// current one is full it becomes the previous one, and the previous one is
// dropped, so that eviction costs nothing per token and the tokens in use
// are the ones kept (a hit in the previous generation is carried over).
type verifiedCache struct {
	mu        sync.RWMutex
	cur, prev map[string]app.AccessClaims
}

// get returns the claims of a verified token.
func (c *verifiedCache) get(token string) (app.AccessClaims, bool) {
	c.mu.RLock()
	cl, ok := c.cur[token]
	old := false
	if !ok {
		cl, ok = c.prev[token]
		old = ok
	}
	c.mu.RUnlock()
	if old {
		c.put(token, cl)
	}
	return cl, ok
}

// put remembers a verified token.
func (c *verifiedCache) put(token string, cl app.AccessClaims) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[token]; ok {
		return
	}
	if c.cur == nil || len(c.cur) >= verifiedMax/2 {
		c.prev, c.cur = c.cur, make(map[string]app.AccessClaims)
	}
	c.cur[token] = cl
}

// timely applies the checks of Parse that depend on the time: the token
// is expired from its exp on, and not valid before its iat.
func timely(cl app.AccessClaims, now time.Time) error {
	switch {
	case !now.Before(cl.ExpiresAt):
		return app.ErrTokenExpired
	case now.Before(cl.IssuedAt):
		return app.ErrTokenInvalid
	}
	return nil
}
