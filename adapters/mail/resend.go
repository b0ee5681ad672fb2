package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stagecast/stagecast/app"
)

var _ app.Mailer = (*Resend)(nil)

// Defaults applied by NewResend to zero fields of ResendConfig.
const (
	DefaultResendBaseURL = "https://api.resend.com"
	DefaultResendTimeout = 15 * time.Second
)

// ResendConfig configures the Resend mailer.
type ResendConfig struct {
	// APIKey is the Resend API key ("re_..."), sent as a Bearer token.
	APIKey string
	// From is the sender, "a@example.com" or "Name <a@example.com>", on a
	// domain verified in Resend.
	From string
	// BaseURL is the API root, DefaultResendBaseURL when empty; tests point
	// it at a fake. A path prefix is kept.
	BaseURL string
	// HTTPClient sends the requests; when nil, a client with
	// DefaultResendTimeout is used, as http.DefaultClient never times out.
	HTTPClient *http.Client
}

// Resend is a Mailer that calls the Resend HTTP API (POST /emails).
//
// It uses net/http rather than github.com/resend/resend-go: that SDK
// reads its base URL from the RESEND_BASE_URL environment variable into a
// package variable, and turns API errors into plain strings that drop the
// HTTP status. One JSON POST is simpler to own. It is safe for concurrent use.
type Resend struct {
	endpoint string
	apiKey   string
	from     string
	client   *http.Client
}

// NewResend checks cfg and returns a Resend mailer. Errors name the
// offending ResendConfig field. It makes no request.
func NewResend(cfg ResendConfig) (*Resend, error) {
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, errors.New("mail: resend: APIKey: must be set")
	}
	if _, err := parseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("mail: resend: From: %w", err)
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultResendBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("mail: resend: BaseURL: %q is not an absolute http(s) URL", base)
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: DefaultResendTimeout}
	}
	return &Resend{
		endpoint: strings.TrimSuffix(u.String(), "/") + "/emails",
		apiKey:   cfg.APIKey,
		from:     cfg.From,
		client:   client,
	}, nil
}

// resendEmail is the request body of POST /emails.
type resendEmail struct {
	From    string   `json:"from"`
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	HTML    string   `json:"html,omitempty"`
	Text    string   `json:"text,omitempty"`
}

// Send posts m to Resend. Any non-2xx answer is a *ResendError.
func (r *Resend) Send(ctx context.Context, m app.Message) error {
	body, err := json.Marshal(resendEmail{
		From: r.from, To: []string{m.To}, Subject: m.Subject, HTML: m.HTML, Text: m.Text,
	})
	if err != nil {
		return fmt.Errorf("mail: resend: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("mail: resend: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.apiKey)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "stagecast")

	// Transport errors are *url.Error, which name the URL but never the
	// headers, so the key cannot leak through them.
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("mail: resend: %w", err)
	}
	defer resp.Body.Close()

	// The body is a short JSON object: read a bounded amount, which also
	// lets the connection be reused. A read error is ignored on purpose: it
	// only shortens an error message, and after a 2xx Resend has accepted
	// the mail, so failing then would make the caller send it twice.
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("mail: resend: POST %s: %w", req.URL.Path, r.apiError(resp, raw))
	}
	return nil
}

// ResendError is a non-2xx answer from the Resend API.
type ResendError struct {
	// StatusCode is the HTTP status, e.g. 422.
	StatusCode int
	// Name is Resend's error name, e.g. "validation_error"; empty when the
	// body was not Resend's JSON error.
	Name string
	// Message is Resend's explanation, or the start of the body when it
	// was not JSON.
	Message string
}

// Error reports the status, name and message.
func (e *ResendError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "resend API answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Name != "" {
		fmt.Fprintf(&b, " (%s)", e.Name)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// apiError decodes Resend's {"statusCode","name","message"} error body and
// falls back to a short excerpt for anything else (a proxy's HTML page).
func (r *Resend) apiError(resp *http.Response, raw []byte) *ResendError {
	e := &ResendError{StatusCode: resp.StatusCode}
	var body struct {
		Name    string `json:"name"`
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &body) == nil && (body.Name != "" || body.Message != "") {
		e.Name, e.Message = body.Name, body.Message
	} else {
		e.Message = excerpt(string(raw), 200)
	}
	// The API does not echo keys today; redacting anyway keeps that a
	// property of this code rather than of a remote service.
	e.Message = strings.ReplaceAll(e.Message, r.apiKey, "[redacted]")
	return e
}

// excerpt returns s on one line, cut to at most n bytes.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "..."
	}
	return s
}
