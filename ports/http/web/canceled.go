package web

import (
	"context"
	"errors"
	"net/http"
)

// StatusClientClosedRequest is the status a request gets when its client
// went away before it was answered (nginx's 499): the answer reaches
// nobody, and the failure is not the server's. It is recorded in the
// access log; no client ever reads it.
const StatusClientClosedRequest = 499

// ClientGone reports whether err is the cancellation of r by its client:
// err is context.Canceled and r's context was cancelled, which net/http
// does when the connection closes (the server closing the connections
// still open past its shutdown timeout looks the same). A deadline that
// ran out in the server (a store timeout) is not: that is the server's
// failure.
func ClientGone(r *http.Request, err error) bool {
	return errors.Is(err, context.Canceled) && errors.Is(r.Context().Err(), context.Canceled)
}
