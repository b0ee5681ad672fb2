package cloudinary

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
)

// APIError is an error answer of Cloudinary, {"error":{"message":...}}.
// Its text has the HTTP status and the message, with the key and public
// id taken out (signature errors quote the string to sign).
type APIError struct {
	// Status is the HTTP status.
	Status int
	// Message is the error message.
	Message string
}

// Error implements error.
func (e *APIError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("status %d", e.Status)
	}
	return fmt.Sprintf("status %d: %s", e.Status, e.Message)
}

func apiError(resp *http.Response, a asset) *APIError {
	var body struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<10))
	_ = json.Unmarshal(raw, &body)
	return &APIError{Status: resp.StatusCode, Message: httpx.Clean(body.Error.Message, a.publicID)}
}
