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
type verifiedCache struct {
	mu     sync.RWMutex
	claims map[string]app.AccessClaims
}

// get returns the claims of a verified token.
func (c *verifiedCache) get(token string) (app.AccessClaims, bool) {
	c.mu.RLock()
	cl, ok := c.claims[token]
	c.mu.RUnlock()
	return cl, ok
}

// put remembers a verified token. A full cache first drops the tokens that
// expired by now, then, if none did, an arbitrary one: at worst a token is
// verified again.
func (c *verifiedCache) put(token string, cl app.AccessClaims, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.claims == nil {
		c.claims = make(map[string]app.AccessClaims)
	}
	if len(c.claims) >= verifiedMax {
		for t, old := range c.claims {
			if !now.Before(old.ExpiresAt) {
				delete(c.claims, t)
			}
		}
		for t := range c.claims {
			if len(c.claims) < verifiedMax {
				break
			}
			delete(c.claims, t)
		}
	}
	c.claims[token] = cl
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
