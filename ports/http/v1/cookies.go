package v1

import (
	"net/http"
	"strings"
	"time"

	"github.com/stagecast/stagecast/app/accounts"
)

// Cookie names of the /api/v1 contract.
const (
	accessCookie  = "accessToken"
	refreshCookie = "refreshToken"
)

// cookieJar writes the token cookies: HttpOnly, SameSite=Lax, Path=/, both
// living as long as the refresh token, as the reference's do. The access
// JWT inside still expires on its own; the cookie outlives it so that a
// frontend that checks for the cookie keeps the user on the page and
// refreshes, instead of sending them to the login page.
type cookieJar struct {
	secure bool
	domain string
	now    func() time.Time // the core's clock, so Max-Age matches the tokens
}

func (c cookieJar) cookie(name, value string, expires time.Time, now time.Time) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/", Domain: c.domain,
		Expires: expires, MaxAge: max(1, int(expires.Sub(now).Round(time.Second).Seconds())),
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode,
	}
}

// set writes both token cookies.
func (c cookieJar) set(w http.ResponseWriter, t accounts.Tokens) {
	now := c.now()
	http.SetCookie(w, c.cookie(accessCookie, t.Access, t.RefreshExpires, now))
	http.SetCookie(w, c.cookie(refreshCookie, t.Refresh, t.RefreshExpires, now))
}

// clear expires the named cookies.
func (c cookieJar) clear(w http.ResponseWriter, names ...string) {
	for _, n := range names {
		http.SetCookie(w, &http.Cookie{
			Name: n, Value: "", Path: "/", Domain: c.domain, Expires: time.Unix(0, 0), MaxAge: -1,
			HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode,
		})
	}
}

// bearer returns the named cookie's value, or else the token of an
// "Authorization: Bearer" header. Any other Authorization scheme is ignored
// rather than taken as a raw token.
func bearer(r *http.Request, cookieName string) string {
	if c, err := r.Cookie(cookieName); err == nil && c.Value != "" {
		return c.Value
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}
