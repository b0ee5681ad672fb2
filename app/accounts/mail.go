package accounts

import (
	"bytes"
	"context"
	htmltemplate "html/template"
	"strconv"
	texttemplate "text/template"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/user"
)

// codeMail is what every code e-mail says.
type codeMail struct {
	Title    string // heading, e.g. "Verify Your Email"
	Intro    string // one sentence on why the code was sent
	Username string
	Code     string
	Minutes  int
	Year     int
}

var (
	codeText = texttemplate.Must(texttemplate.New("text").Parse(
		`Hi {{.Username}},

{{.Intro}}

Your code: {{.Code}}

This code will expire in {{.Minutes}} minutes. If you did not ask for it, ignore this message.

© {{.Year}} Stagecast
`))
	codeHTML = htmltemplate.Must(htmltemplate.New("html").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family:sans-serif;background:#f6f6f6;padding:24px">
<div style="max-width:480px;margin:auto;background:#fff;padding:24px;border-radius:8px">
<h1 style="margin-top:0">Stagecast</h1>
<h2>{{.Title}}</h2>
<p>Hi {{.Username}},</p>
<p>{{.Intro}}</p>
<p>Your code</p>
<p style="font-size:28px;letter-spacing:6px;border:2px dashed #888;padding:12px;text-align:center">{{.Code}}</p>
<p>This code will expire in {{.Minutes}} minutes. If you did not ask for it, ignore this message.</p>
<p style="color:#888;font-size:12px">© {{.Year}} Stagecast</p>
</div></body></html>
`))
)

// mailCode sends a one-time code for purpose p to the address to.
func (a *Service) mailCode(ctx context.Context, to user.Email, username user.Username, p user.Purpose, code string) error {
	m := codeMail{Username: string(username), Code: code, Minutes: int(user.CodeTTL / time.Minute), Year: a.now().Year()}
	var subject string
	switch p {
	case user.PurposeVerify:
		subject, m.Title, m.Intro = "Verify your email", "Verify Your Email", "Use this code to confirm your email address and finish signing up."
	case user.PurposeReset:
		subject, m.Title, m.Intro = "Reset your password", "Reset Your Password", "Use this code to choose a new password."
	case user.PurposeEmailChange:
		subject, m.Title, m.Intro = "Confirm your new email", "Confirm Your New Email", "Use this code to move your account to this address."
	default:
		panic("unknown code purpose " + strconv.Quote(string(p)))
	}
	var text, html bytes.Buffer
	if err := codeText.Execute(&text, m); err != nil {
		return err
	}
	if err := codeHTML.Execute(&html, m); err != nil {
		return err
	}
	return a.mailer.Send(ctx, app.Message{To: string(to), Subject: subject, Text: text.String(), HTML: html.String()})
}
