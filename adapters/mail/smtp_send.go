package mail

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"slices"

	gomail "github.com/wneessen/go-mail"

	"github.com/stagecast/stagecast/app"
)

// Send submits m over a new connection. It honours ctx for the whole
// exchange, not only while dialling: see connWatch.
func (s *SMTP) Send(ctx context.Context, m app.Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}
	msg, err := s.message(m)
	if err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}

	watch := &connWatch{ctx: ctx}
	defer watch.release()
	// A client per Send, because the dial function is bound to this ctx and
	// because go-mail's Client mutates some state while authenticating.
	opts := append(slices.Clip(s.opts), gomail.WithDialContextFunc(watch.dial))
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			// The cancellation is the cause; go-mail only saw a closed socket.
			return fmt.Errorf("mail: smtp: send via %s: %w: %w", s.addr, ctxErr, err)
		}
		return fmt.Errorf("mail: smtp: send via %s: %w", s.addr, err)
	}
	return nil
}

// message builds the MIME message: multipart/alternative with the text
// first and the HTML last, as clients show the last part they understand.
func (s *SMTP) message(m app.Message) (*gomail.Msg, error) {
	// No default User-Agent: the library version is nobody else's business.
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("sender: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(rand.Text() + "@" + s.msgIDDomain)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// connWatch closes the connection it dialled once ctx is done. go-mail uses
// the context only while dialling and then relies on deadlines derived from
// Timeout, so a cancelled request would otherwise keep waiting on a stalled
// server for up to twice Timeout.
type connWatch struct {
	ctx context.Context
	// stops needs no lock: go-mail dials on the goroutine that called
	// DialAndSendWithContext, which is the one that calls release.
	stops []func() bool
}

func (w *connWatch) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	w.stops = append(w.stops, context.AfterFunc(w.ctx, func() { _ = conn.Close() }))
	return conn, nil
}

// release stops watching; the connections are closed by go-mail by then.
func (w *connWatch) release() {
	for _, stop := range w.stops {
		stop()
	}
}
