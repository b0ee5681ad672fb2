package mail_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/mail"
)

const resendKey = "re_test_0123456789abcdef"

func newResend(t *testing.T, baseURL, key string, client *http.Client) *mail.Resend {
	t.Helper()
	m, err := mail.NewResend(mail.ResendConfig{
		APIKey: key, From: "Stagecast <no-reply@stagecast.test>", BaseURL: baseURL, HTTPClient: client,
	})
	if err != nil {
		t.Fatalf("NewResend: %v", err)
	}
	return m
}

func TestResendSendsBothBodies(t *testing.T) {
	fake := startFakeResend(t, resendKey)
	m := newResend(t, fake.URL, resendKey, nil)
	msg := testMessage("ada@example.com")

	if err := m.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}

	got := fake.emails()
	if len(got) != 1 {
		t.Fatalf("fake received %d emails, want 1", len(got))
	}
	e := got[0]
	if e.From != "Stagecast <no-reply@stagecast.test>" || len(e.To) != 1 || e.To[0] != msg.To ||
		e.Subject != msg.Subject || e.Text != msg.Text || e.HTML != msg.HTML {
		t.Errorf("fake received %+v, want %+v", e, msg)
	}
}

func TestResendKeepsBaseURLPath(t *testing.T) {
	fake := startFakeResend(t, resendKey)
	// The fake serves only /emails, so a kept prefix must 404.
	m := newResend(t, fake.URL+"/proxy/", resendKey, nil)

	var apiErr *mail.ResendError
	if err := m.Send(context.Background(), testMessage("ada@example.com")); !errors.As(err, &apiErr) ||
		apiErr.StatusCode != http.StatusNotFound || !strings.Contains(err.Error(), "/proxy/emails") {
		t.Fatalf("Send = %v, want a 404 for /proxy/emails", err)
	}
}

func TestResendWrongKeyFails(t *testing.T) {
	fake := startFakeResend(t, resendKey)
	const wrong = "re_wrong_key_must_not_leak"
	m := newResend(t, fake.URL, wrong, nil)

	err := m.Send(context.Background(), testMessage("ada@example.com"))
	var apiErr *mail.ResendError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || apiErr.Name != "invalid_api_key" {
		t.Fatalf("Send = %v, want a 403 invalid_api_key ResendError", err)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("error leaks the API key: %v", err)
	}
	if n := len(fake.emails()); n != 0 {
		t.Errorf("fake accepted %d emails", n)
	}
}

func TestResendValidationErrorCarriesMessage(t *testing.T) {
	fake := startFakeResend(t, resendKey)
	m := newResend(t, fake.URL, resendKey, nil)
	msg := testMessage("ada@example.com")
	msg.Subject = "" // Resend requires a subject

	err := m.Send(context.Background(), msg)
	var apiErr *mail.ResendError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("Send = %v, want a 422 ResendError", err)
	}
	for _, want := range []string{"422", "missing_required_field", "Missing `subject` field."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestResendServerErrors(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  int
		want    string
	}{
		{
			name: "500 JSON",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				resendFail(w, http.StatusInternalServerError, "application_error", "An unexpected error occurred.")
			},
			status: http.StatusInternalServerError,
			want:   "500 Internal Server Error (application_error): An unexpected error occurred.",
		},
		{
			name: "502 HTML from a proxy",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				_, _ = w.Write([]byte("<html>\n<body>Bad gateway</body>\n</html>\n"))
			},
			status: http.StatusBadGateway,
			want:   "502 Bad Gateway: <html> <body>Bad gateway</body> </html>",
		},
		{
			name: "key echoed back",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				resendFail(w, http.StatusTooManyRequests, "rate_limit_exceeded", "Too many requests for key "+resendKey)
			},
			status: http.StatusTooManyRequests,
			want:   "Too many requests for key [redacted]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := startFakeResend(t, resendKey)
			fake.override = tt.handler
			m := newResend(t, fake.URL, resendKey, nil)

			err := m.Send(context.Background(), testMessage("ada@example.com"))
			var apiErr *mail.ResendError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("Send = %v, want a %d ResendError", err, tt.status)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), resendKey) {
				t.Errorf("error leaks the API key: %v", err)
			}
		})
	}
}

func TestResendHonoursCancellationAndTimeout(t *testing.T) {
	// stall answers only once the client has gone away.
	stall := func(arrived chan<- struct{}) http.HandlerFunc {
		return func(_ http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			<-r.Context().Done()
		}
	}

	t.Run("cancelled context", func(t *testing.T) {
		fake := startFakeResend(t, resendKey)
		arrived := make(chan struct{}, 1)
		fake.override = stall(arrived)
		m := newResend(t, fake.URL, resendKey, nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- m.Send(ctx, testMessage("ada@example.com")) }()

		<-arrived
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("Send = %v, want context.Canceled", err)
		}
	})

	t.Run("client timeout", func(t *testing.T) {
		fake := startFakeResend(t, resendKey)
		fake.override = stall(make(chan struct{}, 1))
		m := newResend(t, fake.URL, resendKey, &http.Client{Timeout: 100 * time.Millisecond})

		err := m.Send(context.Background(), testMessage("ada@example.com"))
		var netErr net.Error
		if !errors.As(err, &netErr) || !netErr.Timeout() {
			t.Fatalf("Send = %v, want a timeout", err)
		}
	})
}

func TestNewResendValidatesConfig(t *testing.T) {
	valid := mail.ResendConfig{APIKey: resendKey, From: "no-reply@example.com"}
	tests := []struct {
		name    string
		edit    func(*mail.ResendConfig)
		setting string
	}{
		{"no key", func(c *mail.ResendConfig) { c.APIKey = " " }, "APIKey"},
		{"no from", func(c *mail.ResendConfig) { c.From = "" }, "From"},
		{"bad from", func(c *mail.ResendConfig) { c.From = "nobody" }, "From"},
		{"relative base URL", func(c *mail.ResendConfig) { c.BaseURL = "api.resend.com" }, "BaseURL"},
		{"bad scheme", func(c *mail.ResendConfig) { c.BaseURL = "ftp://api.resend.com" }, "BaseURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.edit(&cfg)
			_, err := mail.NewResend(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.setting) {
				t.Fatalf("NewResend = %v, want an error naming %s", err, tt.setting)
			}
			if strings.Contains(err.Error(), resendKey) {
				t.Errorf("error leaks the API key: %v", err)
			}
		})
	}

	t.Run("defaults", func(t *testing.T) {
		if _, err := mail.NewResend(valid); err != nil {
			t.Fatalf("NewResend: %v", err)
		}
	})
}
