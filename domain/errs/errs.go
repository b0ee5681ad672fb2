// Package errs defines the error kinds shared by every domain package.
//
// A domain error carries a Kind (what went wrong, in terms a caller can act on),
// a stable Code that names the error itself, the Field of the input it is
// about when there is one, and a public Message that is safe to show to
// clients. Driving adapters map the Kind to a protocol status in one table,
// and may put the error in their own words by its Code (the messages are
// those of /api/v1); internal causes stay in Err and are only logged.
package errs

import (
	"errors"
	"strings"
)

// Kind classifies an error for callers; it decides the HTTP status.
type Kind uint8

// The kinds of error the core produces.
const (
	Internal     Kind = iota // unexpected failure; details are never shown
	Invalid                  // the input breaks a rule
	NotFound                 // the thing does not exist for this caller
	Conflict                 // the write clashes with existing state
	Unauthorized             // no or bad credentials
	Forbidden                // authenticated, but not allowed
	RateLimited              // too many attempts
	TooLarge                 // the input is over a size limit
	Unavailable              // a dependency (mail, storage) failed
	Timeout                  // the client did not send its input in time
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "unauthorized", "forbidden", "rate_limited", "too_large", "unavailable", "timeout"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// FieldError names one invalid input field and why it is invalid.
type FieldError struct {
	Field   string
	Message string
}

// Error is the error type of the core. Compare sentinels with errors.Is.
type Error struct {
	Kind Kind
	// Code names the error for surfaces, stable across releases
	// ("user.email_taken"); empty for errors made on the fly, which
	// CodeOf names by their kind.
	Code string
	// Field is the input field the error is about, when one is.
	Field   string
	Message string       // public, safe for clients
	Fields  []FieldError // for Invalid: each broken rule, in order
	Err     error        // internal cause, logged only

	sentinel *Error // the sentinel this error was derived from, for errors.Is
}

// New returns an error of the given kind and public message, without a
// code of its own: for internal errors and one-off refusals.
func New(kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message}
}

// Define returns a sentinel error with a stable code, for the errors a
// surface may want to name in its own words.
func Define(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// ForField records the input field the sentinel e is about and returns e;
// it is meant for the definition of a sentinel, not for errors in flight.
func (e *Error) ForField(field string) *Error {
	e.Field = field
	return e
}

// InvalidFields builds an Invalid error from field errors; its message joins theirs.
func InvalidFields(fields ...FieldError) *Error {
	msgs := make([]string, len(fields))
	for i, f := range fields {
		msgs[i] = f.Message
	}
	return &Error{Kind: Invalid, Message: strings.Join(msgs, ", "), Fields: fields}
}

// Wrap returns an Internal error with cause err, or nil when err is nil.
func Wrap(err error, message string) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: Internal, Message: message, Err: err}
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether e was derived from target by WithCause, so that a copy
// carrying a cause still matches its sentinel.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && e.sentinel != nil && e.sentinel == t
}

// WithCause returns a copy of the sentinel e that records the internal cause
// and still matches e under errors.Is.
func (e *Error) WithCause(err error) *Error {
	c := *e
	c.Err = err
	if e.sentinel != nil {
		c.sentinel = e.sentinel
	} else {
		c.sentinel = e
	}
	return &c
}

// WithMessage returns a copy of the sentinel e with a message that says
// more (a limit, a size); it keeps e's kind, code and field and still
// matches e under errors.Is.
func (e *Error) WithMessage(message string) *Error {
	c := e.WithCause(e.Err)
	c.Message = message
	return c
}

// KindOf reports the kind of err: the Kind of the first *Error in its chain,
// or Internal for any other error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// CodeOf returns the stable code of err: the Code of the first *Error in
// its chain, or its kind's name when it has none; "internal" for any other
// error.
func CodeOf(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return Internal.String()
	}
	if e.Code != "" {
		return e.Code
	}
	return e.Kind.String()
}

// PublicMessage returns the client-safe message of err. Internal errors and
// foreign errors give "Internal server error".
func PublicMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "Internal server error"
}

// FieldsOf returns the field errors carried by err, if any.
func FieldsOf(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
