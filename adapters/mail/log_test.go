package mail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"regexp"
	"testing"

	"github.com/stagecast/stagecast/adapters/mail"
	"github.com/stagecast/stagecast/app"
)

// testMessage is what the app sends on sign-up: a code in both bodies.
func testMessage(to string) app.Message {
	return app.Message{
		To:      to,
		Subject: "Your Stagecast code: 493817",
		Text:    "Your verification code is 493817.\nIt expires in 15 minutes.",
		HTML:    "<p>Your verification code is <b>493817</b>.</p><p>It expires in 15 minutes.</p>",
	}
}

func TestLogWritesOneInfoRecordWithTheCode(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	m := mail.NewLog(logger, "Stagecast <no-reply@stagecast.test>")

	if err := m.Send(context.Background(), testMessage("ada@example.com")); err != nil {
		t.Fatalf("Send: %v", err)
	}

	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	if len(lines) != 1 {
		t.Fatalf("got %d log records, want 1:\n%s", len(lines), buf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal(lines[0], &rec); err != nil {
		t.Fatalf("record is not JSON: %v", err)
	}
	want := map[string]any{
		"level":   "INFO",
		"msg":     "mail sent",
		"to":      "ada@example.com",
		"subject": "Your Stagecast code: 493817",
		"text":    testMessage("").Text,
		"from":    "Stagecast <no-reply@stagecast.test>",
	}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("%s = %#v, want %#v", k, rec[k], v)
		}
	}
	// The end-to-end test greps the JSON log for the code this way.
	if !regexp.MustCompile(`"text":"[^"]*\b\d{6}\b`).Match(lines[0]) {
		t.Errorf("no 6-digit code in the text attribute: %s", lines[0])
	}
}

func TestLogFailsOnlyOnCancelledContext(t *testing.T) {
	var buf bytes.Buffer
	m := mail.NewLog(slog.New(slog.NewJSONHandler(&buf, nil)), "no-reply@stagecast.test")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	err := m.Send(ctx, testMessage("ada@example.com"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if buf.Len() != 0 {
		t.Errorf("a cancelled Send logged: %s", buf.String())
	}
}

func TestLogNilLoggerDoesNotPanic(t *testing.T) {
	if err := mail.NewLog(nil, "").Send(context.Background(), testMessage("a@b.test")); err != nil {
		t.Fatalf("Send: %v", err)
	}
}
