package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/stagecast/stagecast/app"
)

var _ app.Mailer = (*SMTP)(nil)

// StartTLSMode says whether the SMTP mailer upgrades the connection with
// STARTTLS before authenticating and sending.
type StartTLSMode string

// The STARTTLS modes. Mandatory is the default because credentials and
// one-time codes must not cross the network in clear.
const (
	// StartTLSMandatory fails when the server does not offer STARTTLS.
	StartTLSMandatory StartTLSMode = "mandatory"
	// StartTLSOpportunistic uses STARTTLS when offered and sends in clear
	// otherwise; PLAIN/LOGIN then still refuse to send credentials to a
	// non-local host.
	StartTLSOpportunistic StartTLSMode = "opportunistic"
	// StartTLSNone never upgrades; meant for a local relay or a test catcher.
	StartTLSNone StartTLSMode = "none"
)

// Defaults applied by NewSMTP to zero fields of SMTPConfig.
const (
	DefaultSMTPPort    = 587
	DefaultSMTPTimeout = 15 * time.Second
)

// SMTPConfig configures the SMTP mailer.
type SMTPConfig struct {
	// Host is the SMTP server name; it is also the name the TLS certificate
	// is checked against unless TLSConfig.ServerName says otherwise.
	Host string
	// Port is the server port, DefaultSMTPPort (submission) when 0.
	Port int
	// Username turns on SMTP AUTH when not empty: PLAIN, else LOGIN, else
	// whatever stronger mechanism go-mail finds the server offering.
	Username string
	// Password goes with Username.
	Password string
	// From is the sender, "a@example.com" or "Name <a@example.com>".
	From string
	// StartTLS is the STARTTLS mode, StartTLSMandatory when empty.
	StartTLS StartTLSMode
	// TLSConfig overrides the TLS settings, for custom CAs and tests. It is
	// cloned, so the caller may reuse it.
	TLSConfig *tls.Config
	// Timeout bounds the connection setup (dial, greeting, STARTTLS, AUTH)
	// and then the delivery, each on its own; DefaultSMTPTimeout when 0.
	Timeout time.Duration
}

// SMTP is a Mailer that submits messages to an SMTP server with go-mail.
// It opens one connection per message: mail here is rare (sign-up, password
// reset), and a fresh connection needs no keep-alive or reconnect logic.
// It is safe for concurrent use.
type SMTP struct {
	host string
	addr string // host:port, for error messages
	from string
	// msgIDDomain is the sender's domain, used in Message-ID because the
	// container's host name means nothing to the receiving side.
	msgIDDomain string
	// opts never changes after NewSMTP; Send copies it before appending.
	opts []gomail.Option
}

// NewSMTP checks cfg and returns an SMTP mailer. Errors name the offending
// SMTPConfig field. It does not connect: a mail server that is down at
// startup must not keep the whole API from starting.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	host := strings.TrimSpace(cfg.Host)
	if host == "" {
		return nil, errors.New("mail: smtp: Host: must be set")
	}
	port := cfg.Port
	if port == 0 {
		port = DefaultSMTPPort
	}
	if port < 1 || port > 65535 {
		return nil, fmt.Errorf("mail: smtp: Port: %d is not in 1..65535", cfg.Port)
	}
	from, err := parseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp: From: %w", err)
	}
	policy, err := tlsPolicy(cfg.StartTLS)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp: StartTLS: %w", err)
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultSMTPTimeout
	}
	if timeout < 0 {
		return nil, fmt.Errorf("mail: smtp: Timeout: %s must be positive", cfg.Timeout)
	}
	if cfg.Username == "" && cfg.Password != "" {
		return nil, errors.New("mail: smtp: Username: must be set when Password is set")
	}

	opts := []gomail.Option{
		gomail.WithPort(port),
		gomail.WithTimeout(timeout),
		gomail.WithTLSPolicy(policy),
		gomail.WithTLSConfig(tlsConfig(cfg.TLSConfig, host)),
	}
	if cfg.Username != "" {
		// PLAIN and LOGIN are what submission servers offer; go-mail refuses
		// both over an unencrypted link to a non-local host.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(cfg.Username),
			gomail.WithPassword(cfg.Password),
		)
	}
	// Building a client once surfaces go-mail's own option checks now
	// rather than on the first Send.
	if _, err := gomail.NewClient(host, opts...); err != nil {
		return nil, fmt.Errorf("mail: smtp: %w", err)
	}
	return &SMTP{
		host:        host,
		addr:        net.JoinHostPort(host, strconv.Itoa(port)),
		from:        cfg.From,
		msgIDDomain: domainOf(from.Address),
		opts:        opts,
	}, nil
}

func tlsPolicy(mode StartTLSMode) (gomail.TLSPolicy, error) {
	switch mode {
	case "", StartTLSMandatory:
		return gomail.TLSMandatory, nil
	case StartTLSOpportunistic:
		return gomail.TLSOpportunistic, nil
	case StartTLSNone:
		return gomail.NoTLS, nil
	default:
		return 0, fmt.Errorf("%q is not one of %q, %q, %q",
			mode, StartTLSMandatory, StartTLSOpportunistic, StartTLSNone)
	}
}

// tlsConfig clones base (or starts afresh) and fills in what go-mail would
// otherwise leave unset: without ServerName the handshake cannot verify the
// certificate at all.
func tlsConfig(base *tls.Config, host string) *tls.Config {
	c := &tls.Config{}
	if base != nil {
		c = base.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = host
	}
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}
