package local

import (
	"encoding/json"
	"net/http"
)

// Messages of the JSON answers, the ones the rest of the API gives for the
// same situations.
const (
	msgNotFound         = "Route not found"
	msgMethodNotAllowed = "Method not allowed"
	msgBadGrant         = "Invalid or expired upload URL"
	msgTooLarge         = "request entity too large"
	msgWrongType        = "Content-Type does not match the upload URL"
	msgInterrupted      = "Upload interrupted"
	msgInternal         = "Internal Server Error"
	msgBadRange         = "Range Not Satisfiable"
	msgPrecondition     = "Precondition Failed"
)

// fail answers the API's error envelope {"success":false,"message":...}.
func fail(w http.ResponseWriter, status int, message string) {
	respond(w, status, struct {
		Success bool   `json:"success"`
		Message string `json:"message"`
	}{false, message})
}

func respond(w http.ResponseWriter, status int, body any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	// Error answers of the media routes must not inherit the year-long
	// caching set for media, nor be cached at all.
	h.Set("Cache-Control", "no-store")
	h.Del("ETag")
	h.Del("Last-Modified")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// methodNotAllowed answers 405 with the Allow header.
func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	fail(w, http.StatusMethodNotAllowed, msgMethodNotAllowed)
}
