// Package inbound is what every live endpoint does alike with what a
// client sends: the access token of its request, the origin of its page,
// and its events, run on the live core. The endpoints differ only in how
// frames travel.
package inbound

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/live/dialect"
)

// Refusals of events the core never sees.
var (
	ErrUnknownEvent = errs.New(errs.Invalid, "Unknown event")
	ErrBadPayload   = errs.New(errs.Invalid, "Invalid payload")
)

// Token is the access token of a live request: the accessToken cookie,
// then an "Authorization: Bearer" header, then the token query parameter
// (for clients that can set neither).
func Token(r *http.Request) string {
	if r == nil {
		return ""
	}
	if c, err := r.Cookie("accessToken"); err == nil && c.Value != "" {
		return c.Value
	}
	if scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " "); ok && strings.EqualFold(scheme, "Bearer") {
		if token = strings.TrimSpace(token); token != "" {
			return token
		}
	}
	return r.URL.Query().Get("token")
}

// Origins decides which browser pages may connect: the server's own and
// the allowed ones. A page elsewhere must not open a connection with the
// visitor's cookie.
type Origins struct{ allowed []string }

// NewOrigins allows the given exact origins (CORS_ORIGINS) besides the
// server's own.
func NewOrigins(allowed []string) Origins {
	o := Origins{}
	for _, a := range allowed {
		o.allowed = append(o.allowed, strings.ToLower(a))
	}
	return o
}

// Allowed reports whether origin, a cross-origin page's, may connect.
func (o Origins) Allowed(origin string) bool {
	return slices.Contains(o.allowed, strings.ToLower(origin))
}

// Same reports whether origin names the host r was sent to, default
// ports aside.
func Same(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(withPort(u.Host, u.Scheme), withPort(r.Host, u.Scheme))
}

// Admits reports whether the request may connect: no Origin (not a
// browser), the server's own, or an allowed one.
func (o Origins) Admits(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	return origin == "" || Same(origin, r) || o.Allowed(origin)
}

// withPort adds the scheme's default port to a host that has none.
func withPort(host, scheme string) string {
	if strings.LastIndexByte(host, ':') > strings.LastIndexByte(host, ']') {
		return host
	}
	if scheme == "https" || scheme == "wss" {
		return host + ":443"
	}
	return host + ":80"
}

// room names a video and, when joining, the last comment seen.
type room struct {
	VideoID string `json:"videoId"`
	Since   string `json:"since"`
}

// roomOf reads "<videoId>" or {"videoId","since"?}.
func roomOf(data json.RawMessage) (room, error) {
	var r room
	if err := json.Unmarshal(data, &r.VideoID); err == nil {
		if r.VideoID == "" {
			return room{}, ErrBadPayload
		}
		return r, nil
	}
	if err := json.Unmarshal(data, &r); err != nil || r.VideoID == "" {
		return room{}, ErrBadPayload
	}
	return r, nil
}

// Failed reports whether a refusal is the server's failure, worth a log
// record, rather than the client's: not a connection that is closing or
// a session that ended, which any client can bring about.
func Failed(err error) bool {
	if errors.Is(err, live.ErrClosed) || errors.Is(err, live.ErrSessionEnded) {
		return false
	}
	k := errs.KindOf(err)
	return k == errs.Internal || k == errs.Unavailable
}

// Handle runs one client event on the connection and returns the data of
// its acknowledgement, in the dialect: {"ok","videoId"} for a join or
// leave, the stored comment for a send.
func Handle(ctx context.Context, d dialect.Dialect, c *live.Conn, event string, data json.RawMessage) (any, error) {
	switch event {
	case "join_video":
		r, err := roomOf(data)
		if err != nil {
			return nil, err
		}
		if err := c.Join(ctx, r.VideoID, r.Since); err != nil {
			return nil, err
		}
		return dialect.Joined(r.VideoID), nil
	case "leave_video":
		r, err := roomOf(data)
		if err != nil {
			return nil, err
		}
		c.Leave(r.VideoID)
		return dialect.Joined(r.VideoID), nil
	case "send_comment":
		var in struct {
			VideoID *string `json:"videoId"`
			Content *string `json:"content"`
		}
		if err := json.Unmarshal(data, &in); err != nil || in.VideoID == nil || in.Content == nil || *in.VideoID == "" {
			return nil, ErrBadPayload
		}
		stored, err := c.Send(ctx, *in.VideoID, *in.Content)
		if err != nil {
			return nil, err
		}
		return d.Comment(stored), nil
	}
	return nil, ErrUnknownEvent
}
