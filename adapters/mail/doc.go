// Package mail holds the driven adapters for app.Mailer.
//
// Three implementations are chosen by configuration (MAIL=log|smtp|resend):
//
//   - Log writes each message to a slog.Logger instead of sending it. It is
//     the development default, so sign-up and password-reset codes can be read
//     from the log without any mail infrastructure.
//   - SMTP submits messages to an SMTP server with github.com/wneessen/go-mail,
//     with STARTTLS (mandatory by default) and PLAIN/LOGIN authentication.
//   - Resend calls the Resend HTTP API (POST /emails) with net/http.
//
// Every message is sent with both its plain-text and its HTML body. Errors
// wrap their cause for the logs; they are never meant to be shown to clients,
// and they never contain passwords or API keys.
package mail
