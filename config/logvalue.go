package config

import (
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// LogValue implements [slog.LogValuer], so that logging the config at start
// shows every effective setting with secrets masked. Durations are strings
// ("15m0s") because handlers would otherwise print nanoseconds.
func (c Config) LogValue() slog.Value {
	dur := func(key string, d time.Duration) slog.Attr { return slog.String(key, d.String()) }
	return slog.GroupValue(
		slog.String("env", string(c.Env)),
		slog.String("data_dir", c.DataDir),
		slog.Any("database_url", c.DatabaseURL),
		slog.String("store", string(c.StoreKind())),
		slog.String("broker", string(c.Broker)),
		slog.Any("redis_url", c.RedisURL),
		slog.Group("http",
			slog.Int("port", c.HTTP.Port),
			slog.String("public_base_url", c.HTTP.PublicBaseURL),
			slog.String("cors_origins", strings.Join(c.HTTP.CORSOrigins, ",")),
			slog.String("cookie_domain", c.HTTP.CookieDomain),
			slog.Bool("cookie_secure", c.CookieSecure()),
			slog.Int("trust_proxy_hops", c.HTTP.TrustProxyHops),
			dur("shutdown_timeout", c.HTTP.ShutdownTimeout),
		),
		slog.Group("auth",
			slog.Any("jwt_access_secret", c.Auth.JWTAccessSecret),
			dur("jwt_access_ttl", c.Auth.AccessTTL),
			dur("jwt_refresh_ttl", c.Auth.RefreshTTL),
			dur("classic_token_ttl", c.Auth.ClassicTokenTTL),
			dur("session_cache_ttl", c.Auth.SessionCacheTTL),
			slog.Int("bcrypt_cost", c.Auth.BcryptCost),
		),
		slog.Group("storage",
			slog.String("adapter", string(c.Storage.Adapter)),
			slog.String("media_dir", c.Storage.MediaDir),
			slog.Group("supabase",
				slog.String("url", c.Storage.Supabase.URL),
				slog.Any("service_role_key", c.Storage.Supabase.ServiceRoleKey),
				slog.String("bucket", c.Storage.Supabase.Bucket),
			),
			slog.Group("cloudinary",
				slog.String("cloud_name", c.Storage.Cloudinary.CloudName),
				slog.String("api_key", c.Storage.Cloudinary.APIKey),
				slog.Any("api_secret", c.Storage.Cloudinary.APISecret),
			),
		),
		slog.Group("mail",
			slog.String("adapter", string(c.Mail.Adapter)),
			slog.String("from", c.Mail.From.String()),
			slog.Group("smtp",
				slog.String("host", c.Mail.SMTP.Host),
				slog.Int("port", c.Mail.SMTP.Port),
				slog.String("username", c.Mail.SMTP.Username),
				slog.Any("password", c.Mail.SMTP.Password),
				slog.String("starttls", string(c.Mail.SMTP.StartTLS)),
			),
			slog.Group("resend",
				slog.Any("api_key", c.Mail.Resend.APIKey),
				slog.String("base_url", c.Mail.Resend.BaseURL),
			),
		),
		slog.Group("log",
			slog.String("level", c.Log.Level.String()),
			slog.String("format", string(c.Log.Format)),
		),
		slog.Group("limits",
			dur("rate_window", c.Limits.RateWindow),
			slog.Int("api", c.Limits.API),
			slog.Int("login", c.Limits.Login),
			slog.Int("signup", c.Limits.Signup),
			dur("view_dedup_window", c.Limits.ViewDedupWindow),
			slog.Int64("max_video_bytes", c.Limits.MaxVideoBytes),
			slog.Int64("max_image_bytes", c.Limits.MaxImageBytes),
		),
		slog.Group("live",
			slog.Int("comment_limit", c.Live.CommentLimit),
			dur("comment_window", c.Live.CommentWindow),
		),
	)
}

// String renders the config as space-separated key=value pairs with dotted
// group names (http.port=8000), secrets masked. It is built from LogValue so
// that the two can never disagree about what is shown. With String defined,
// %v and %+v print this too.
func (c Config) String() string {
	var b strings.Builder
	writeAttrs(&b, "", c.LogValue().Group())
	return b.String()
}

// writeAttrs appends attrs to b, flattening groups under prefix.
func writeAttrs(b *strings.Builder, prefix string, attrs []slog.Attr) {
	for _, a := range attrs {
		v := a.Value.Resolve()
		if v.Kind() == slog.KindGroup {
			writeAttrs(b, prefix+a.Key+".", v.Group())
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(prefix + a.Key + "=")
		s := v.String()
		if s == "" || strings.ContainsAny(s, " \"=\t\n") {
			s = strconv.Quote(s)
		}
		b.WriteString(s)
	}
}
