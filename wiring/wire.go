package wiring

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/stagecast/stagecast/adapters/auth"
	"github.com/stagecast/stagecast/adapters/mail"
	"github.com/stagecast/stagecast/adapters/mediaprobe"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/app/playlists"
	"github.com/stagecast/stagecast/app/posts"
	"github.com/stagecast/stagecast/app/profiles"
	"github.com/stagecast/stagecast/app/social"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/ports/http/docs"
	"github.com/stagecast/stagecast/ports/http/router"
	v1 "github.com/stagecast/stagecast/ports/http/v1"
	"github.com/stagecast/stagecast/ports/http/web"
)

// Services are the core's services, one per area, as the surfaces and the
// background chores use them.
type Services struct {
	Accounts  *accounts.Service
	Uploads   *uploads.Service
	Videos    *videos.Service
	Profiles  *profiles.Service
	Comments  *comments.Service
	Posts     *posts.Service
	Social    *social.Service
	Playlists *playlists.Service
	// Live is the live-comment core the WebSocket and Socket.IO
	// endpoints deliver.
	Live *live.Service
}

// newServices builds the core on the store and the adapters cfg selects:
// one service per area, each given only the ports it uses.
func newServices(cfg config.Config, st *Store, ms app.MediaStore, broker live.Broker, secret []byte, o Overrides, log *slog.Logger) (Services, error) {
	tokens, err := auth.NewJWT(secret)
	if err != nil {
		return Services{}, fmt.Errorf("%w: JWT_ACCESS_SECRET: %v", ErrConfig, err)
	}
	hasher, err := auth.NewBcrypt(cfg.Auth.BcryptCost)
	if err != nil {
		return Services{}, fmt.Errorf("%w: BCRYPT_COST: %v", ErrConfig, err)
	}
	mailer := o.Mailer
	if mailer == nil {
		if mailer, err = newMailer(cfg, log); err != nil {
			return Services{}, err
		}
	}
	ids, err := id.NewGenerator(o.Clock.Now, nil)
	if err != nil {
		return Services{}, err
	}
	var s Services
	if s.Accounts, err = accounts.New(accounts.Deps{
		Users: st.users, Codes: st.codes, Signups: st.signups, Sessions: st.sessions, Holders: st.holders,
		Hasher: hasher, Tokens: tokens, Mailer: mailer, Clock: o.Clock, IDs: ids, Log: log,
	}, accounts.Settings{
		AccessTTL: cfg.Auth.AccessTTL, RefreshTTL: cfg.Auth.RefreshTTL,
		CodeKey: deriveKey(secret, "one-time-codes"), RefreshKey: deriveKey(secret, "refresh-tokens"),
	}); err != nil {
		return Services{}, err
	}
	if s.Uploads, err = uploads.New(uploads.Deps{
		Media: ms, Probe: mediaprobe.Probe{}, Trash: st.trash, Users: []uploads.MediaUser{st.videos, st.users}, Clock: o.Clock, Log: log,
	}, uploads.Settings{
		MaxVideoBytes: cfg.Limits.MaxVideoBytes, MaxImageBytes: cfg.Limits.MaxImageBytes,
		UploadTTL: uploadTTL, MaxVideoDuration: cfg.Limits.MaxVideoDuration,
	}); err != nil {
		return Services{}, err
	}
	cursorKey := deriveKey(secret, "list-cursors")
	so := st.social
	// The live core hears of every comment change; it needs the comment
	// service in turn, hence the late binding.
	events := &lateEvents{}
	if s.Comments, err = comments.New(comments.Deps{
		Comments: so.comments, Videos: st.videos, Posts: so.posts, Users: st.users, Pages: so.commentPages, Clock: o.Clock, IDs: ids,
		Events: events,
	}, cursorKey); err != nil {
		return Services{}, err
	}
	if s.Live, err = live.New(live.Deps{
		Auth: s.Accounts, Comments: s.Comments, Broker: broker, Clock: o.Clock, Log: log,
	}, live.Settings{
		CommentLimit: cfg.Live.CommentLimit, CommentWindow: cfg.Live.CommentWindow,
	}); err != nil {
		return Services{}, err
	}
	events.Events = s.Live
	if s.Posts, err = posts.New(posts.Deps{
		Posts: so.posts, Users: st.users, Pages: so.postPages, Clock: o.Clock, IDs: ids,
	}, cursorKey); err != nil {
		return Services{}, err
	}
	if s.Videos, err = videos.New(videos.Deps{
		Videos: st.videos, History: st.history, Users: st.users, Records: st.records, HistoryPages: st.histories, Pages: st.pages, LikedPages: st.liked, Uploads: s.Uploads, Clock: o.Clock, IDs: ids,
		Likes: so.likes, Comments: s.Comments, Playlists: so.playlists, Events: s.Live,
	}, videos.Settings{
		ViewWindow: cfg.Limits.ViewDedupWindow, CursorKey: cursorKey,
	}); err != nil {
		return Services{}, err
	}
	if s.Profiles, err = profiles.New(profiles.Deps{
		Users: st.users, Follows: so.follows, Likes: so.likes, Videos: st.videos, Uploads: s.Uploads, Clock: o.Clock,
	}); err != nil {
		return Services{}, err
	}
	if s.Social, err = social.New(social.Deps{
		Users: st.users, Follows: so.follows, FollowPages: so.followPages, Likes: so.likes, Videos: st.videos,
		Comments: s.Comments, Posts: s.Posts, Clock: o.Clock, IDs: ids,
	}); err != nil {
		return Services{}, err
	}
	if s.Playlists, err = playlists.New(playlists.Deps{
		Playlists: so.playlists, Videos: st.videos, Users: st.users, Pages: so.playlistPages, Clock: o.Clock, IDs: ids,
	}); err != nil {
		return Services{}, err
	}
	return s, nil
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

// lateEvents passes comment events on to the live core, which is built
// after the comment service it depends on; before that, nothing hears
// them (nothing writes comments before the system is built).
type lateEvents struct{ comments.Events }

func (l *lateEvents) Added(ctx context.Context, v comments.CommentView) {
	if l.Events != nil {
		l.Events.Added(ctx, v)
	}
}

func (l *lateEvents) Edited(ctx context.Context, v comments.CommentView) {
	if l.Events != nil {
		l.Events.Edited(ctx, v)
	}
}

func (l *lateEvents) Removed(ctx context.Context, c *comment.Comment) {
	if l.Events != nil {
		l.Events.Removed(ctx, c)
	}
}

// uploadTTL is how long a direct-upload target stays valid: long enough for
// a 100 MB upload on a slow line, short enough to limit a leaked URL.
const uploadTTL = time.Hour

// newHandler builds the HTTP server's handler around the core.
func newHandler(cfg config.Config, svc Services, st *Store, ms *mediaStore, lim *limiters, broker live.Broker, ends *liveEndpoints, clock app.Clock, log *slog.Logger) http.Handler {
	var uploadsHandler http.Handler
	if ms.receive != nil {
		uploadsHandler = ms.receive(svc.Uploads.UploadPending)
	}
	api := v1.Routes(v1.Options{
		Accounts: svc.Accounts, Videos: svc.Videos, Uploads: svc.Uploads, Profiles: svc.Profiles,
		Comments: svc.Comments, Posts: svc.Posts, Social: svc.Social, Playlists: svc.Playlists,
		Log: log, Now: clock.Now, AccessTTL: cfg.Auth.AccessTTL,
		CookieSecure: cfg.CookieSecure(), CookieDomain: cfg.HTTP.CookieDomain,
		LoginLimiter:  lim.login,
		SignupLimiter: lim.signup,
		Docs:          docs.Handler("/api/v1/docs"),
		Live:          ends.v1,
	})
	return router.New(router.Options{
		Log: log, CORSOrigins: cfg.HTTP.CORSOrigins, TrustProxyHops: cfg.HTTP.TrustProxyHops,
		APILimiter: lim.api,
		Surfaces: []router.Surface{
			{Prefix: "/api/v1", Handler: api, Errors: web.V1Errors},
			// The classic surface has only its live endpoint so far.
			{Prefix: "/api/live", Handler: ends.classic, Errors: web.ClassicErrors},
		},
		Media:    ms.serve,
		Uploads:  uploadsHandler,
		SocketIO: ends.sio,
		Database: st.ping,
		Services: map[string]router.Check{"storage": ms.store.Ping, "broker": broker.Ping},
		Now:      clock.Now,
	})
}

// systemClock is the wall clock in UTC.
var systemClock = app.ClockFunc(func() time.Time { return time.Now().UTC() })
