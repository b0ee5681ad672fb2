package mail_test

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// resendRequest is the body of POST /emails as the fake decoded it.
type resendRequest struct {
	From    string   `json:"from"`
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	HTML    string   `json:"html"`
	Text    string   `json:"text"`
}

// fakeResend is an httptest server that checks what the real Resend API
// checks, in the same order, and answers with the same error shapes.
type fakeResend struct {
	URL string
	key string

	// override, when set, answers valid requests instead of the fake.
	override http.HandlerFunc

	mu       sync.Mutex
	received []resendRequest
}

func startFakeResend(t *testing.T, key string) *fakeResend {
	t.Helper()
	f := &fakeResend{key: key}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *fakeResend) emails() []resendRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]resendRequest(nil), f.received...)
}

func (f *fakeResend) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/emails" {
		resendFail(w, http.StatusNotFound, "not_found", "The requested endpoint does not exist.")
		return
	}
	if r.Method != http.MethodPost {
		resendFail(w, http.StatusMethodNotAllowed, "method_not_allowed", "Method is not allowed for the requested path.")
		return
	}
	switch auth := r.Header.Get("Authorization"); {
	case auth == "":
		resendFail(w, http.StatusUnauthorized, "missing_api_key", "Missing API key in the authorization header.")
		return
	case auth != "Bearer "+f.key:
		resendFail(w, http.StatusForbidden, "invalid_api_key", "API key is invalid")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		resendFail(w, http.StatusBadRequest, "validation_error", "Invalid content type: expected application/json.")
		return
	}
	var req resendRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		resendFail(w, http.StatusUnprocessableEntity, "validation_error", "Invalid JSON body.")
		return
	}
	for _, check := range []struct {
		field   string
		missing bool
	}{{"from", req.From == ""}, {"to", len(req.To) == 0}, {"subject", req.Subject == ""}} {
		if check.missing {
			resendFail(w, http.StatusUnprocessableEntity, "missing_required_field", fmt.Sprintf("Missing `%s` field.", check.field))
			return
		}
	}
	if req.HTML == "" && req.Text == "" {
		resendFail(w, http.StatusUnprocessableEntity, "validation_error", "Missing `html` or `text` field.")
		return
	}
	if f.override != nil {
		f.override(w, r)
		return
	}
	f.mu.Lock()
	f.received = append(f.received, req)
	n := len(f.received)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e79%d"}`, n)
}

// resendFail writes an error the way Resend does.
func resendFail(w http.ResponseWriter, status int, name, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": status, "name": name, "message": message})
}
