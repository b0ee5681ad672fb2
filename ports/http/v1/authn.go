package v1

import (
	"context"
	"net/http"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/ports/http/web"
)

type callerKey struct{}

// caller is the authenticated user of a request.
type caller struct {
	principal app.Principal
	user      *user.User
}

func callerOf(ctx context.Context) caller {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c
}

// authenticate lets a request through only with a valid access token of a
// live session.
func (h *handler) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, u, err := h.accounts.Authenticate(r.Context(), bearer(r, accessCookie))
		if err != nil {
			web.Error(w, r, h.log, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, caller{principal: p, user: u})))
	})
}

// guestOnly refuses the sign-up and sign-in routes to a caller who is
// signed in. A token of an ended session does not count as signed in.
func (h *handler) guestOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := bearer(r, accessCookie); tok != "" && h.accounts.SignedIn(r.Context(), tok) {
			web.Fail(w, r, http.StatusBadRequest, "You are already logged in")
			return
		}
		next.ServeHTTP(w, r)
	})
}
