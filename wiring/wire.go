package wiring

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/stagecast/stagecast/adapters/auth"
	"github.com/stagecast/stagecast/adapters/mail"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/ports/http/docs"
	"github.com/stagecast/stagecast/ports/http/router"
	v1 "github.com/stagecast/stagecast/ports/http/v1"
)

// newApp builds the core on the store and the adapters cfg selects.
func newApp(cfg config.Config, st *Store, ms app.MediaStore, secret []byte, o Overrides, log *slog.Logger) (*app.App, error) {
	tokens, err := auth.NewJWT(secret)
	if err != nil {
		return nil, fmt.Errorf("%w: JWT_ACCESS_SECRET: %v", ErrConfig, err)
	}
	hasher, err := auth.NewBcrypt(cfg.Auth.BcryptCost)
	if err != nil {
		return nil, fmt.Errorf("%w: BCRYPT_COST: %v", ErrConfig, err)
	}
	mailer := o.Mailer
	if mailer == nil {
		if mailer, err = newMailer(cfg, log); err != nil {
			return nil, err
		}
	}
	ids, err := id.NewGenerator(o.Clock.Now, nil)
	if err != nil {
		return nil, err
	}
	return app.New(app.Deps{
		Users: st.users, Codes: st.codes, Signups: st.signups, Sessions: st.sessions,
		Videos: st.videos, History: st.history, Trash: st.trash, Media: ms,
		Hasher: hasher, Tokens: tokens, Mailer: mailer, Clock: o.Clock, IDs: ids, Log: log,
	}, app.Settings{
		AccessTTL: cfg.Auth.AccessTTL, RefreshTTL: cfg.Auth.RefreshTTL,
		CodeKey:    deriveKey(secret, "one-time-codes"),
		CursorKey:  deriveKey(secret, "list-cursors"),
		RefreshKey: deriveKey(secret, "refresh-tokens"),
		ViewWindow: cfg.Limits.ViewDedupWindow, UploadTTL: uploadTTL,
		MaxVideoBytes: cfg.Limits.MaxVideoBytes, MaxImageBytes: cfg.Limits.MaxImageBytes,
		MaxVideoDuration: cfg.Limits.MaxVideoDuration,
	})
}

func newMailer(cfg config.Config, log *slog.Logger) (app.Mailer, error) {
	from := cfg.Mail.From.String()
	switch cfg.Mail.Adapter {
	case config.MailSMTP:
		m, err := mail.NewSMTP(mail.SMTPConfig{
			Host: cfg.Mail.SMTP.Host, Port: cfg.Mail.SMTP.Port,
			Username: cfg.Mail.SMTP.Username, Password: cfg.Mail.SMTP.Password.Reveal(),
			From: from, StartTLS: mail.StartTLSMode(cfg.Mail.SMTP.StartTLS),
		})
		if err != nil {
			return nil, fmt.Errorf("%w: MAIL=smtp: %v", ErrConfig, err)
		}
		return m, nil
	case config.MailResend:
		m, err := mail.NewResend(mail.ResendConfig{
			APIKey: cfg.Mail.Resend.APIKey.Reveal(), From: from, BaseURL: cfg.Mail.Resend.BaseURL,
		})
		if err != nil {
			return nil, fmt.Errorf("%w: MAIL=resend: %v", ErrConfig, err)
		}
		return m, nil
	default:
		return mail.NewLog(log, from), nil
	}
}

// uploadTTL is how long a direct-upload target stays valid: long enough for
// a 100 MB upload on a slow line, short enough to limit a leaked URL.
const uploadTTL = time.Hour

// newHandler builds the HTTP server's handler around the core.
func newHandler(cfg config.Config, a *app.App, st *Store, ms *mediaStore, lim *limiters, clock app.Clock, log *slog.Logger) http.Handler {
	var uploads http.Handler
	if ms.receive != nil {
		uploads = ms.receive(a.UploadPending)
	}
	api := v1.Routes(v1.Options{
		App: a, Log: log, Now: clock.Now,
		CookieSecure: cfg.CookieSecure(), CookieDomain: cfg.HTTP.CookieDomain,
		LoginLimiter:  lim.login,
		SignupLimiter: lim.signup,
		Docs:          docs.Handler("/api/v1/docs"),
	})
	return router.New(router.Options{
		Log: log, CORSOrigins: cfg.HTTP.CORSOrigins, TrustProxyHops: cfg.HTTP.TrustProxyHops,
		APILimiter: lim.api,
		V1:         api,
		Media:      ms.serve,
		Uploads:    uploads,
		Database:   st.ping,
		Services:   map[string]router.Check{"storage": ms.store.Ping},
		Now:        clock.Now,
	})
}

// systemClock is the wall clock in UTC.
var systemClock = app.ClockFunc(func() time.Time { return time.Now().UTC() })
