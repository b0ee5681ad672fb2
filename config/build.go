package config

import (
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Rules that are not plain ranges, named so that error texts and checks
// cannot drift apart.
const (
	// minProductionSecretBytes is the HS256 key size: a shorter key is
	// weaker than the signature it protects.
	minProductionSecretBytes = 32
	// maxAccessTTL caps access tokens, which cannot be revoked before they
	// expire except through the session check; a typo such as 15h for 15m
	// should fail loudly.
	maxAccessTTL = 24 * time.Hour
	// maxSessionCacheTTL caps how long a remembered session may be served.
	maxSessionCacheTTL = time.Minute
)

// build turns the raw text of every variable into a validated Config,
// recording what is wrong in p.
func build(raw rawEnv, p *problems) Config {
	cfg := Config{
		Env:         oneOf(p, "APP_ENV", raw.AppEnv, EnvDevelopment, EnvProduction, EnvTest),
		DataDir:     p.path("DATA_DIR", raw.DataDir),
		DatabaseURL: p.databaseURL(raw.DatabaseURL),
		Broker:      oneOf(p, "BROKER", raw.Broker, BrokerMemory, BrokerRedis),
		RedisURL:    p.redisURL(raw.RedisURL),
	}
	if cfg.Broker == BrokerRedis {
		p.required("REDIS_URL", string(cfg.RedisURL), "BROKER=redis")
	}
	cfg.HTTP = p.http(raw)
	cfg.Auth = p.auth(raw, cfg.Env)
	cfg.Storage = p.storage(raw)
	cfg.Mail = p.mail(raw)
	cfg.Log = Log{
		Level:  p.logLevel(raw.LogLevel),
		Format: oneOf(p, "LOG_FORMAT", raw.LogFormat, LogJSON, LogText),
	}
	cfg.Limits = Limits{
		RateWindow:       p.positiveDuration("RATE_LIMIT_WINDOW", raw.RateLimitWindow),
		API:              int(p.atLeast("RATE_LIMIT_API", raw.RateLimitAPI, 1)),
		Login:            int(p.atLeast("RATE_LIMIT_LOGIN", raw.RateLimitLogin, 1)),
		Signup:           int(p.atLeast("RATE_LIMIT_SIGNUP", raw.RateLimitSignup, 1)),
		ViewDedupWindow:  p.positiveDuration("VIEW_DEDUP_WINDOW", raw.ViewDedupWindow),
		MaxVideoBytes:    p.atLeast("MAX_VIDEO_BYTES", raw.MaxVideoBytes, 1),
		MaxImageBytes:    p.atLeast("MAX_IMAGE_BYTES", raw.MaxImageBytes, 1),
		MaxVideoDuration: p.positiveDuration("MAX_VIDEO_DURATION", raw.MaxVideoDuration),
	}
	cfg.Live = Live{
		CommentLimit:  int(p.atLeast("LIVE_COMMENT_LIMIT", raw.LiveCommentLimit, 1)),
		CommentWindow: p.positiveDuration("LIVE_COMMENT_WINDOW", raw.LiveCommentWindow),
	}
	return cfg
}

// http builds the HTTP group.
func (p *problems) http(raw rawEnv) HTTP {
	h := HTTP{
		Port:            p.intBetween("PORT", raw.Port, 1, 65535),
		CORSOrigins:     p.origins(raw.CORSOrigins),
		CookieDomain:    strings.TrimSpace(raw.CookieDomain),
		TrustProxyHops:  p.intBetween("TRUST_PROXY_HOPS", raw.TrustProxyHops, 0, 10),
		ShutdownTimeout: p.positiveDuration("SHUTDOWN_TIMEOUT", raw.ShutdownTimeout),
	}
	if h.CookieDomain != "" && !isHostname(h.CookieDomain) {
		p.add("COOKIE_DOMAIN", "must be a domain name such as example.com, got %q", raw.CookieDomain)
	}
	switch {
	case raw.PublicBaseURL != "":
		if u, ok := parseHTTPURL(raw.PublicBaseURL); ok {
			h.PublicBaseURL = u
		} else {
			p.add("PUBLIC_BASE_URL", "must be an absolute http(s) URL without query or credentials, got %q", raw.PublicBaseURL)
		}
	case h.Port != 0:
		// Follows PORT so that links work out of the box on a developer
		// machine; a bad PORT is already reported.
		h.PublicBaseURL = fmt.Sprintf("http://localhost:%d", h.Port)
	}
	return h
}

// origins parses the comma-separated CORS_ORIGINS list.
func (p *problems) origins(raw string) []string {
	var out []string
	bad := false
	for part := range strings.SplitSeq(raw, ",") {
		o := strings.TrimSpace(part)
		switch origin, ok := parseOrigin(o); {
		case o == "":
			// Tolerate "a, b," as written by hand.
		case o == "*":
			// Browsers refuse a wildcard with credentials, and reflecting
			// any origin instead would let every site act as the user.
			p.add("CORS_ORIGINS", `must list origins explicitly: "*" is refused because credentials are allowed`)
			bad = true
		case !ok:
			p.add("CORS_ORIGINS", "each entry must be an origin such as https://app.example.com (scheme and host, no path), got %q", o)
			bad = true
		case !slices.Contains(out, origin):
			out = append(out, origin)
		}
	}
	if len(out) == 0 && !bad {
		p.add("CORS_ORIGINS", "must list at least one origin, got %q", raw)
	}
	return out
}

// auth builds the Auth group; env decides whether a secret is mandatory.
func (p *problems) auth(raw rawEnv, appEnv Environment) Auth {
	a := Auth{
		JWTAccessSecret: Secret(raw.JWTAccessSecret),
		AccessTTL:       p.positiveDuration("JWT_ACCESS_TTL", raw.JWTAccessTTL),
		RefreshTTL:      p.positiveDuration("JWT_REFRESH_TTL", raw.JWTRefreshTTL),
		ClassicTokenTTL: p.positiveDuration("CLASSIC_TOKEN_TTL", raw.ClassicTokenTTL),
		BcryptCost:      p.intBetween("BCRYPT_COST", raw.BcryptCost, 4, 15),
	}
	// Zero is a setting here, off, and the bound keeps what another
	// process changed from being missed for long.
	a.SessionCacheTTL = p.durationBetween("SESSION_CACHE_TTL", raw.SessionCacheTTL, 0, maxSessionCacheTTL)
	if appEnv == EnvProduction {
		// A generated secret would differ between instances and vanish
		// with the container's disk, logging everyone out at random.
		if !a.JWTAccessSecret.IsSet() {
			p.add("JWT_ACCESS_SECRET", "is required when APP_ENV=production")
		} else if n := len(raw.JWTAccessSecret); n < minProductionSecretBytes {
			p.add("JWT_ACCESS_SECRET", "must be at least %d bytes when APP_ENV=production, got %d bytes", minProductionSecretBytes, n)
		}
	}
	if a.AccessTTL > maxAccessTTL {
		p.add("JWT_ACCESS_TTL", "must be at most 24h, got %q", raw.JWTAccessTTL)
	}
	if a.AccessTTL > 0 && a.RefreshTTL > 0 && a.RefreshTTL < a.AccessTTL {
		// A refresh token that dies first could never be used to refresh.
		p.add("JWT_REFRESH_TTL", "must not be shorter than JWT_ACCESS_TTL (%s), got %q", a.AccessTTL, raw.JWTRefreshTTL)
	}
	return a
}

// storage builds the Storage group. Settings of an adapter are checked for
// form whenever set, and for presence only when STORAGE selects it.
func (p *problems) storage(raw rawEnv) Storage {
	s := Storage{
		Adapter:  oneOf(p, "STORAGE", raw.Storage, StorageLocal, StorageSupabase, StorageCloudinary),
		MediaDir: p.path("MEDIA_DIR", raw.MediaDir),
		Supabase: Supabase{
			ServiceRoleKey: Secret(raw.SupabaseServiceRoleKey),
			Bucket:         strings.TrimSpace(raw.SupabaseBucket),
		},
		Cloudinary: Cloudinary{
			CloudName: strings.TrimSpace(raw.CloudinaryCloudName),
			APIKey:    strings.TrimSpace(raw.CloudinaryAPIKey),
			APISecret: Secret(raw.CloudinaryAPISecret),
		},
	}
	if raw.SupabaseURL != "" {
		if u, ok := parseHTTPURL(raw.SupabaseURL); ok {
			s.Supabase.URL = u
		} else {
			p.add("SUPABASE_URL", "must be an absolute http(s) URL such as https://xyz.supabase.co, got %q", raw.SupabaseURL)
		}
	}
	switch s.Adapter {
	case StorageSupabase:
		p.required("SUPABASE_URL", raw.SupabaseURL, "STORAGE=supabase")
		p.required("SUPABASE_SERVICE_ROLE_KEY", raw.SupabaseServiceRoleKey, "STORAGE=supabase")
		p.required("SUPABASE_BUCKET", s.Supabase.Bucket, "STORAGE=supabase")
	case StorageCloudinary:
		p.required("CLOUDINARY_CLOUD_NAME", s.Cloudinary.CloudName, "STORAGE=cloudinary")
		p.required("CLOUDINARY_API_KEY", s.Cloudinary.APIKey, "STORAGE=cloudinary")
		p.required("CLOUDINARY_API_SECRET", raw.CloudinaryAPISecret, "STORAGE=cloudinary")
	}
	return s
}

// mail builds the Mail group, with the same rule as storage for adapter
// settings.
func (p *problems) mail(raw rawEnv) Mail {
	m := Mail{
		Adapter: oneOf(p, "MAIL", raw.Mail, MailLog, MailSMTP, MailResend),
		SMTP: SMTP{
			Host:     strings.TrimSpace(raw.SMTPHost),
			Port:     p.intBetween("SMTP_PORT", raw.SMTPPort, 1, 65535),
			Username: raw.SMTPUsername,
			Password: Secret(raw.SMTPPassword),
			StartTLS: oneOf(p, "SMTP_STARTTLS", raw.SMTPStartTLS, StartTLSMandatory, StartTLSOpportunistic, StartTLSNone),
		},
		Resend: Resend{APIKey: Secret(raw.ResendAPIKey)},
	}
	if from, err := mail.ParseAddress(strings.TrimSpace(raw.MailFrom)); err == nil {
		m.From = *from
	} else {
		p.add("MAIL_FROM", "must be an address such as \"Stagecast <no-reply@example.com>\", got %q", raw.MailFrom)
	}
	if u, ok := parseHTTPURL(raw.ResendBaseURL); ok {
		m.Resend.BaseURL = u
	} else {
		p.add("RESEND_BASE_URL", "must be an absolute http(s) URL, got %q", raw.ResendBaseURL)
	}
	switch m.Adapter {
	case MailSMTP:
		p.required("SMTP_HOST", m.SMTP.Host, "MAIL=smtp")
	case MailResend:
		p.required("RESEND_API_KEY", raw.ResendAPIKey, "MAIL=resend")
	}
	return m
}

// path checks a directory setting. Only blankness is checked: whether the
// directory exists or is writable is for the adapter that uses it to say.
func (p *problems) path(name, raw string) string {
	v := strings.TrimSpace(raw)
	if v == "" {
		p.add(name, "must not be blank")
	}
	return v
}

// logLevel parses LOG_LEVEL. It is stricter than slog.Level's own text form
// ("info+2" and the like), which nobody means to write in a deployment.
func (p *problems) logLevel(raw string) slog.Level {
	switch strings.TrimSpace(raw) {
	case "debug":
		return slog.LevelDebug
	case "info":
		return slog.LevelInfo
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	p.add("LOG_LEVEL", "must be one of debug, info, warn, error, got %q", raw)
	return slog.LevelInfo
}

// databaseURL checks DATABASE_URL. Errors show the URL masked, since it may
// hold a password.
func (p *problems) databaseURL(raw string) SecretURL {
	v := strings.TrimSpace(raw)
	kind, ok := storeKindOf(v)
	if !ok {
		p.add("DATABASE_URL", "must start with sqlite:, file:, postgres://, postgresql://, mongodb://, mongodb+srv:// or memory:, got %q", SecretURL(v))
		return ""
	}
	switch kind {
	case StoreSQLite:
		if _, file, _ := strings.Cut(v, ":"); file == "" {
			p.add("DATABASE_URL", "must name a database file, such as sqlite:./data/stagecast.db, got %q", v)
			return ""
		}
	case StorePostgres, StoreMongoDB:
		u, err := url.Parse(v)
		if err != nil {
			// err quotes the URL; leave it out.
			p.add("DATABASE_URL", "is not a valid URL (are special characters in the password percent-encoded?), got %q", SecretURL(v))
			return ""
		}
		if kind == StoreMongoDB && u.Host == "" {
			p.add("DATABASE_URL", "must name a host, got %q", SecretURL(v))
			return ""
		}
	}
	return SecretURL(v)
}

// redisURL checks REDIS_URL when set.
func (p *problems) redisURL(raw string) SecretURL {
	v := strings.TrimSpace(raw)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		p.add("REDIS_URL", "must be a redis:// or rediss:// URL with a host, got %q", SecretURL(v))
		return ""
	}
	return SecretURL(v)
}
