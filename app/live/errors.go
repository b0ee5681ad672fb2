package live

import "github.com/stagecast/stagecast/domain/errs"

// Refusals of what a connection asks for.
var (
	ErrTooManyRooms = errs.Define(errs.RateLimited, "live.too_many_rooms", "Too many rooms")
	ErrSlowDown     = errs.Define(errs.RateLimited, "live.slow_down", "Too many comments, slow down")
	ErrInvalidSince = errs.Define(errs.Invalid, "live.invalid_since", "Invalid since: expected a comment id")
	ErrClosed       = errs.Define(errs.Unavailable, "live.closed", "The connection is closed")
	// ErrSessionEnded refuses a write of a connection whose token expired
	// or whose session was closed; the connection ends after the answer.
	ErrSessionEnded = errs.Define(errs.Unauthorized, "live.session_ended", "UNAUTHORIZED")
)
