package mail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/mail"
)

const (
	smtpUser = "stagecast"
	smtpPass = "s3cret-pa55"
	smtpFrom = "Stagecast <no-reply@stagecast.test>"
)

// newSMTP builds a mailer for srv that trusts pool.
func newSMTP(t *testing.T, srv *smtpServer, pool *x509.CertPool, mode mail.StartTLSMode, user, pass string) *mail.SMTP {
	t.Helper()
	m, err := mail.NewSMTP(mail.SMTPConfig{
		Host:      srv.Host,
		Port:      srv.Port,
		Username:  user,
		Password:  pass,
		From:      smtpFrom,
		StartTLS:  mode,
		TLSConfig: &tls.Config{RootCAs: pool},
		Timeout:   10 * time.Second,
	})
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return m
}

func TestSMTPDeliversBothBodiesOverSTARTTLSWithAuth(t *testing.T) {
	cert, pool := selfSignedCert(t)
	srv := startSMTPServer(t, smtpServerOptions{cert: &cert, user: smtpUser, pass: smtpPass})
	m := newSMTP(t, srv, pool, "", smtpUser, smtpPass) // "" must mean mandatory
	msg := testMessage("ada@example.com")
	msg.Subject = "Votre code Stagecast — 493817" // non-ASCII must survive encoding

	if err := m.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}

	got := srv.messages()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	r := got[0]
	if !r.TLS {
		t.Error("message was not sent over STARTTLS")
	}
	if r.AuthUser != smtpUser {
		t.Errorf("authenticated as %q, want %q", r.AuthUser, smtpUser)
	}
	if r.From != "no-reply@stagecast.test" {
		t.Errorf("envelope from = %q", r.From)
	}
	if len(r.To) != 1 || r.To[0] != "ada@example.com" {
		t.Errorf("envelope to = %q", r.To)
	}

	parsed, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, r.Data)
	}
	h := parsed.Header
	if subj, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); subj != msg.Subject {
		t.Errorf("Subject = %q, want %q", subj, msg.Subject)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Address != "no-reply@stagecast.test" || from[0].Name != "Stagecast" {
		t.Errorf("From = %q (%v)", h.Get("From"), err)
	}
	if to, err := h.AddressList("To"); err != nil || to[0].Address != "ada@example.com" {
		t.Errorf("To = %q (%v)", h.Get("To"), err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@stagecast.test>") {
		t.Errorf("Message-ID = %q, want <...@stagecast.test>", id)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date = %q: %v", h.Get("Date"), err)
	}
	if ua := h.Get("User-Agent") + h.Get("X-Mailer"); ua != "" {
		t.Errorf("library advertised itself: %q", ua)
	}

	bodies := mimeBodies(t, h.Get("Content-Type"), h.Get("Content-Transfer-Encoding"), parsed.Body)
	if got := bodies["multipart/alternative"]; got != "yes" {
		t.Errorf("message is not multipart/alternative: %q", h.Get("Content-Type"))
	}
	// SMTP carries lines as CRLF; compare the text as the reader sees it.
	if got := strings.ReplaceAll(bodies["text/plain"], "\r\n", "\n"); strings.TrimSpace(got) != msg.Text {
		t.Errorf("text/plain part = %q, want %q", got, msg.Text)
	}
	if got := bodies["text/html"]; strings.TrimSpace(got) != msg.HTML {
		t.Errorf("text/html part = %q, want %q", got, msg.HTML)
	}
}

func TestSMTPWrongPasswordFails(t *testing.T) {
	cert, pool := selfSignedCert(t)
	srv := startSMTPServer(t, smtpServerOptions{cert: &cert, user: smtpUser, pass: smtpPass})
	m := newSMTP(t, srv, pool, mail.StartTLSMandatory, smtpUser, "wrong-password")

	err := m.Send(context.Background(), testMessage("ada@example.com"))
	if err == nil {
		t.Fatal("Send with a wrong password succeeded")
	}
	if strings.Contains(err.Error(), "wrong-password") {
		t.Errorf("error leaks the password: %v", err)
	}
	if n := len(srv.messages()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

func TestSMTPMandatorySTARTTLSRefusesServerWithoutIt(t *testing.T) {
	srv := startSMTPServer(t, smtpServerOptions{}) // no certificate: no STARTTLS
	m := newSMTP(t, srv, nil, mail.StartTLSMandatory, "", "")

	err := m.Send(context.Background(), testMessage("ada@example.com"))
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send = %v, want an error about STARTTLS", err)
	}
	if n := len(srv.messages()); n != 0 {
		t.Errorf("server received %d messages in clear", n)
	}
}

func TestSMTPRejectsUntrustedCertificate(t *testing.T) {
	cert, _ := selfSignedCert(t)
	_, otherPool := selfSignedCert(t)
	srv := startSMTPServer(t, smtpServerOptions{cert: &cert, user: smtpUser, pass: smtpPass})
	m := newSMTP(t, srv, otherPool, mail.StartTLSMandatory, smtpUser, smtpPass)

	var unknown x509.UnknownAuthorityError
	if err := m.Send(context.Background(), testMessage("ada@example.com")); !errors.As(err, &unknown) {
		t.Fatalf("Send = %v, want x509.UnknownAuthorityError", err)
	}
}

func TestSMTPWithoutTLSSendsInClearWhenAsked(t *testing.T) {
	for _, mode := range []mail.StartTLSMode{mail.StartTLSNone, mail.StartTLSOpportunistic} {
		t.Run(string(mode), func(t *testing.T) {
			srv := startSMTPServer(t, smtpServerOptions{})
			m := newSMTP(t, srv, nil, mode, "", "")

			if err := m.Send(context.Background(), testMessage("ada@example.com")); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.messages()
			if len(got) != 1 || got[0].TLS || got[0].AuthUser != "" {
				t.Fatalf("received %+v, want one message without TLS or auth", got)
			}
		})
	}
}

func TestSMTPOpportunisticUsesSTARTTLSWhenOffered(t *testing.T) {
	cert, pool := selfSignedCert(t)
	srv := startSMTPServer(t, smtpServerOptions{cert: &cert, user: smtpUser, pass: smtpPass})
	m := newSMTP(t, srv, pool, mail.StartTLSOpportunistic, smtpUser, smtpPass)

	if err := m.Send(context.Background(), testMessage("ada@example.com")); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := srv.messages(); len(got) != 1 || !got[0].TLS || got[0].AuthUser != smtpUser {
		t.Fatalf("received %+v, want one authenticated message over TLS", got)
	}
}

func TestSMTPConcurrentSends(t *testing.T) {
	cert, pool := selfSignedCert(t)
	srv := startSMTPServer(t, smtpServerOptions{cert: &cert, user: smtpUser, pass: smtpPass})
	m := newSMTP(t, srv, pool, mail.StartTLSMandatory, smtpUser, smtpPass)

	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- m.Send(context.Background(), testMessage(fmt.Sprintf("user%d@example.com", i))) }()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("Send: %v", err)
		}
	}
	if got := len(srv.messages()); got != n {
		t.Errorf("server received %d messages, want %d", got, n)
	}
}

func TestSMTPCancelledContextReturnsPromptly(t *testing.T) {
	t.Run("before sending", func(t *testing.T) {
		host, port, accepted := hangingServer(t)
		m, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, From: smtpFrom, Timeout: time.Minute})
		if err != nil {
			t.Fatalf("NewSMTP: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()

		if err := m.Send(ctx, testMessage("ada@example.com")); !errors.Is(err, context.Canceled) {
			t.Fatalf("Send = %v, want context.Canceled", err)
		}
		select {
		case <-accepted:
			t.Error("a cancelled Send still connected")
		default:
		}
	})

	t.Run("while the server stalls", func(t *testing.T) {
		// The server never greets; only ctx can end Send before the one
		// minute Timeout.
		host, port, accepted := hangingServer(t)
		m, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, From: smtpFrom, Timeout: time.Minute})
		if err != nil {
			t.Fatalf("NewSMTP: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- m.Send(ctx, testMessage("ada@example.com")) }()

		<-accepted
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Send = %v, want context.Canceled", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Send did not return after its context was cancelled")
		}
	})
}

func TestNewSMTPValidatesConfig(t *testing.T) {
	valid := mail.SMTPConfig{Host: "smtp.example.com", Port: 587, From: "no-reply@example.com"}
	tests := []struct {
		name    string
		edit    func(*mail.SMTPConfig)
		setting string
	}{
		{"no host", func(c *mail.SMTPConfig) { c.Host = " " }, "Host"},
		{"negative port", func(c *mail.SMTPConfig) { c.Port = -1 }, "Port"},
		{"port too big", func(c *mail.SMTPConfig) { c.Port = 65536 }, "Port"},
		{"no from", func(c *mail.SMTPConfig) { c.From = "" }, "From"},
		{"bad from", func(c *mail.SMTPConfig) { c.From = "not an address" }, "From"},
		{"unknown mode", func(c *mail.SMTPConfig) { c.StartTLS = "always" }, "StartTLS"},
		{"negative timeout", func(c *mail.SMTPConfig) { c.Timeout = -time.Second }, "Timeout"},
		{"password without user", func(c *mail.SMTPConfig) { c.Password = "x" }, "Username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.edit(&cfg)
			_, err := mail.NewSMTP(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.setting) {
				t.Fatalf("NewSMTP = %v, want an error naming %s", err, tt.setting)
			}
		})
	}

	t.Run("defaults", func(t *testing.T) {
		cfg := valid
		cfg.Port = 0 // DefaultSMTPPort
		cfg.From = "Stagecast <no-reply@example.com>"
		if _, err := mail.NewSMTP(cfg); err != nil {
			t.Fatalf("NewSMTP: %v", err)
		}
	})
}
