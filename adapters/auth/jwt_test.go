package auth

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stagecast/stagecast/app"
)

var (
	secret = []byte(strings.Repeat("s", 32))
	t0     = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
)

func claimsAt(now time.Time) app.AccessClaims {
	return app.AccessClaims{
		UserID: "0123456789abcdef01234567", SessionID: "76543210fedcba9876543210",
		Email: "ada@example.com", Username: "ada", IssuedAt: now, ExpiresAt: now.Add(15 * time.Minute),
	}
}

func TestJWTRoundTrip(t *testing.T) {
	j, err := NewJWT(secret)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := j.Issue(claimsAt(t0))
	if err != nil {
		t.Fatal(err)
	}
	got, err := j.Parse(tok, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if got != claimsAt(t0) {
		t.Fatalf("got %+v", got)
	}
	// The wire claims are the ones /api/v1 clients decode.
	var raw jwt.MapClaims
	if _, _, err := jwt.NewParser().ParseUnverified(tok, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"_id", "email", "username", "sid", "iat", "exp"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("claim %s missing", k)
		}
	}
}

func TestJWTRefusesBadTokens(t *testing.T) {
	j, _ := NewJWT(secret)
	good, _ := j.Issue(claimsAt(t0))
	other, _ := NewJWT([]byte(strings.Repeat("x", 32)))
	foreign, _ := other.Issue(claimsAt(t0))

	none := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"_id": "0123456789abcdef01234567", "sid": "76543210fedcba9876543210", "exp": t0.Add(time.Hour).Unix(), "iat": t0.Unix()})
	noneTok, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	hs512 := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"_id": "0123456789abcdef01234567", "sid": "76543210fedcba9876543210", "exp": t0.Add(time.Hour).Unix(), "iat": t0.Unix()})
	hs512Tok, _ := hs512.SignedString(secret)
	noExp := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"_id": "0123456789abcdef01234567", "sid": "76543210fedcba9876543210", "iat": t0.Unix()})
	noExpTok, _ := noExp.SignedString(secret)
	badID := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"_id": "nope", "sid": "76543210fedcba9876543210", "exp": t0.Add(time.Hour).Unix(), "iat": t0.Unix()})
	badIDTok, _ := badID.SignedString(secret)

	for name, tok := range map[string]string{
		"empty": "", "garbage": "a.b.c", "other key": foreign, "alg none": noneTok, "HS512": hs512Tok,
		"no exp": noExpTok, "bad id": badIDTok, "tampered": good[:len(good)-3] + "abc",
	} {
		if _, err := j.Parse(tok, t0); !errors.Is(err, app.ErrTokenInvalid) {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
	if _, err := j.Parse(good, t0.Add(16*time.Minute)); !errors.Is(err, app.ErrTokenExpired) {
		t.Errorf("expired: got %v", err)
	}
	if _, err := j.Parse(good, t0.Add(-time.Hour)); !errors.Is(err, app.ErrTokenInvalid) {
		t.Errorf("issued in the future: got %v", err)
	}
}

func TestNewJWTNeedsLongSecret(t *testing.T) {
	if _, err := NewJWT([]byte("short")); err == nil {
		t.Fatal("short secret accepted")
	}
}

func BenchmarkJWTParse(b *testing.B) {
	j, _ := NewJWT(secret)
	tok, _ := j.Issue(claimsAt(t0))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := j.Parse(tok, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// A token verified once is remembered, but the checks that depend on the
// time still run on every use, and only the exact token is trusted.
func TestJWTRemembersVerifiedTokensOnly(t *testing.T) {
	j, _ := NewJWT(secret)
	good, _ := j.Issue(claimsAt(t0))
	if _, err := j.Parse(good, t0); err != nil {
		t.Fatal(err)
	}
	if _, ok := j.verified.get(good); !ok {
		t.Fatal("a verified token is not remembered")
	}
	if got, err := j.Parse(good, t0.Add(time.Minute)); err != nil || got != claimsAt(t0) {
		t.Fatalf("remembered: %+v %v", got, err)
	}
	if _, err := j.Parse(good, t0.Add(15*time.Minute)); !errors.Is(err, app.ErrTokenExpired) {
		t.Errorf("remembered, expired: got %v", err)
	}
	if _, err := j.Parse(good, t0.Add(-time.Second)); !errors.Is(err, app.ErrTokenInvalid) {
		t.Errorf("remembered, before its iat: got %v", err)
	}
	for _, bad := range []string{good[:len(good)-3] + "abc", good + " ", good[:len(good)-1]} {
		if _, err := j.Parse(bad, t0); !errors.Is(err, app.ErrTokenInvalid) {
			t.Errorf("a token close to a remembered one: got %v", err)
		}
		if _, ok := j.verified.get(bad); ok {
			t.Errorf("an invalid token is remembered")
		}
	}
}

func TestJWTVerifiedCacheIsBounded(t *testing.T) {
	var c verifiedCache
	for i := range 3 * verifiedMax {
		c.put(fmt.Sprint("token", i), claimsAt(t0))
	}
	if n := len(c.cur) + len(c.prev); n > verifiedMax {
		t.Fatalf("%d tokens, at most %d", n, verifiedMax)
	}
	// The newest are kept; one of the previous generation read again is
	// carried into the current one, and so outlives the next turn.
	last := fmt.Sprint("token", 3*verifiedMax-1)
	if _, ok := c.get(last); !ok {
		t.Fatal("the newest token was dropped")
	}
	var old string
	for tok := range c.prev {
		old = tok
		break
	}
	if _, ok := c.get(old); !ok {
		t.Fatal("a token of the previous generation was not found")
	}
	for i := range verifiedMax / 2 {
		c.put(fmt.Sprint("more", i), claimsAt(t0))
	}
	if _, ok := c.get(old); !ok {
		t.Fatal("a token in use was dropped at the next turn")
	}
}
