package mail

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/stagecast/stagecast/app"
)

var _ app.Mailer = (*Log)(nil)

// Log is a Mailer that writes messages to a logger instead of sending them.
// It exists for development and end-to-end tests: the plain-text body (with
// its one-time code) is logged in clear, so never use it in production.
type Log struct {
	logger *slog.Logger
	from   string
}

// NewLog returns a Log mailer writing to logger (slog.Default() when nil);
// from is only reported, to show what a real mailer would use.
func NewLog(logger *slog.Logger, from string) *Log {
	if logger == nil {
		logger = slog.Default()
	}
	return &Log{logger: logger, from: from}
}

// Send logs m as one INFO record with the attributes from, to, subject and
// text. The HTML body is left out: it repeats the text and would bury it.
// Send fails only when ctx is already done, like a real mailer would.
func (l *Log) Send(ctx context.Context, m app.Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: log: %w", err)
	}
	l.logger.LogAttrs(ctx, slog.LevelInfo, "mail sent",
		slog.String("mailer", "log"),
		slog.String("from", l.from),
		slog.String("to", m.To),
		slog.String("subject", m.Subject),
		slog.String("text", m.Text),
	)
	return nil
}
