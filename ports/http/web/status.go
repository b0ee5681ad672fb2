package web

import (
	"net/http"

	"github.com/stagecast/stagecast/domain/errs"
)

// statusByKind is the one place where error kinds become HTTP statuses.
var statusByKind = map[errs.Kind]int{
	errs.Internal:     http.StatusInternalServerError,
	errs.Invalid:      http.StatusBadRequest,
	errs.NotFound:     http.StatusNotFound,
	errs.Conflict:     http.StatusConflict,
	errs.Unauthorized: http.StatusUnauthorized,
	errs.Forbidden:    http.StatusForbidden,
	errs.RateLimited:  http.StatusTooManyRequests,
	errs.TooLarge:     http.StatusRequestEntityTooLarge,
	errs.Unavailable:  http.StatusBadGateway,
	errs.Timeout:      http.StatusRequestTimeout,
}

// StatusOf returns the HTTP status of an error kind.
func StatusOf(k errs.Kind) int {
	if s, ok := statusByKind[k]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// InvalidID is the answer to a path id that is not 24 hex digits.
func InvalidID(field string) error {
	return errs.InvalidFields(errs.FieldError{Field: field, Message: "Invalid ID"})
}
