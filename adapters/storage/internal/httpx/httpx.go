// Package httpx holds the small HTTP helpers the cloud storage adapters
// share.
package httpx

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultResponseTimeout bounds the wait for an answer's headers once a
// request is sent, in DefaultClient. There is no overall timeout: an
// upload of a large video may take long, and the caller's context bounds it.
const DefaultResponseTimeout = 2 * time.Minute

// DefaultClient returns the client an adapter uses when none is given.
func DefaultClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = DefaultResponseTimeout
	return &http.Client{Transport: tr}
}

// Drain reads a little of what is left of a body before closing it, so
// that the connection can be reused, without reading a large object to
// its end.
func Drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	_ = resp.Body.Close()
}

// TransportError drops the URL that net/http puts in its errors: it holds
// the object key, and keys carry user ids that have no place in logs. The
// cause stays wrapped, so errors.Is still sees context.Canceled.
func TransportError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", ue.Op, ue.Err)
	}
	return err
}

// Clean bounds a message from a service and replaces in it each of hide
// (an object key, a public id): services quote them in some messages.
func Clean(s string, hide ...string) string {
	for _, h := range hide {
		if h != "" {
			s = strings.ReplaceAll(s, h, "<key>")
		}
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
