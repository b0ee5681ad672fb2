package mid

import (
	"context"
	"log/slog"
	"slices"

	"github.com/stagecast/stagecast/ports/http/web"
)

// RequestIDKey is the attribute that carries the request id in log records.
const RequestIDKey = "request_id"

// WithRequestIDs wraps h so that every record logged with a request's
// context carries the request's id (see web.WithRequestID) as a top-level
// request_id attribute. The use cases log with the context they were
// given, without knowing of HTTP; this is how their records join the
// request's access log line. Records without a request carry no id.
func WithRequestIDs(h slog.Handler) slog.Handler {
	if _, ok := h.(*requestIDHandler); ok {
		return h
	}
	return &requestIDHandler{h: h}
}

// requestIDHandler is the slog.Handler of WithRequestIDs.
type requestIDHandler struct {
	h slog.Handler // with every WithAttrs and WithGroup applied
	// Once a group is open, an attribute added to a record would land in
	// it. root is then the handler before the first group and replay what
	// followed, so that the id can be added at the top first.
	root   slog.Handler
	replay []func(slog.Handler) slog.Handler
}

// Enabled reports whether the wrapped handler takes records of level.
func (h *requestIDHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.h.Enabled(ctx, level)
}

// Handle adds the request id of ctx, if any, and passes r on.
func (h *requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	id := web.RequestID(ctx)
	if id == "" {
		return h.h.Handle(ctx, r)
	}
	if h.root == nil {
		// The caller may still hold r: add to a copy.
		r = r.Clone()
		r.AddAttrs(slog.String(RequestIDKey, id))
		return h.h.Handle(ctx, r)
	}
	inner := h.root.WithAttrs([]slog.Attr{slog.String(RequestIDKey, id)})
	for _, f := range h.replay {
		inner = f(inner)
	}
	return inner.Handle(ctx, r)
}

// WithAttrs returns a handler whose records carry attrs.
func (h *requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	next := &requestIDHandler{h: h.h.WithAttrs(attrs), root: h.root}
	if h.root != nil {
		next.replay = append(slices.Clip(h.replay), func(in slog.Handler) slog.Handler { return in.WithAttrs(attrs) })
	}
	return next
}

// WithGroup returns a handler that puts the attributes that follow in the
// group name.
func (h *requestIDHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	root := h.root
	if root == nil {
		root = h.h
	}
	return &requestIDHandler{
		h: h.h.WithGroup(name), root: root,
		replay: append(slices.Clip(h.replay), func(in slog.Handler) slog.Handler { return in.WithGroup(name) }),
	}
}
