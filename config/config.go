package config

import (
	"log/slog"
	"net/mail"
	"time"
)

// Config is the whole, validated configuration of a Stagecast process. It is
// built by [Load] (or [FromOS]) and is a plain value that holds no link to the
// environment it came from; treat it as read-only once loaded, as copies
// share the CORSOrigins slice.
type Config struct {
	// Env is APP_ENV. Production turns on Secure cookies and requires
	// explicit secrets.
	Env Environment
	// DataDir is DATA_DIR, where state that must survive a restart without a
	// database lives, such as the generated development JWT secret.
	DataDir string
	// DatabaseURL is DATABASE_URL; its scheme selects the store (see
	// [Config.StoreKind]). It may carry a password, hence SecretURL.
	DatabaseURL SecretURL
	// Broker is BROKER, the live-comment fan-out adapter.
	Broker BrokerAdapter
	// RedisURL is REDIS_URL. It is not part of a broker group because rate
	// limits use it too: when set, limits are shared by every instance.
	RedisURL SecretURL

	// HTTP is the listener and what clients see of it.
	HTTP HTTP
	// Auth is token and password-hashing settings.
	Auth Auth
	// Storage is the media storage adapter and its settings.
	Storage Storage
	// Mail is the mail adapter and its settings.
	Mail Mail
	// Log is the process logger's settings.
	Log Log
	// Limits is rate limits, view counting and upload sizes.
	Limits Limits
	// Live is the limits of live-comment connections.
	Live Live
}

// Live holds the limits of live-comment connections.
type Live struct {
	// CommentLimit is LIVE_COMMENT_LIMIT, the comments one connection may
	// store per CommentWindow.
	CommentLimit int
	// CommentWindow is LIVE_COMMENT_WINDOW.
	CommentWindow time.Duration
}

// HTTP holds the settings of the HTTP listener and of what clients see of it.
type HTTP struct {
	// Port is PORT, the TCP port to listen on.
	Port int
	// PublicBaseURL is PUBLIC_BASE_URL without a trailing slash, so that
	// callers can append "/media/..." without doubling it.
	PublicBaseURL string
	// CORSOrigins is CORS_ORIGINS: exact origins (scheme://host[:port]) that
	// may call the API with credentials.
	CORSOrigins []string
	// CookieDomain is COOKIE_DOMAIN; empty means no Domain attribute, which
	// scopes cookies to the exact host.
	CookieDomain string
	// TrustProxyHops is TRUST_PROXY_HOPS, the number of reverse proxies whose
	// X-Forwarded-For entries are believed.
	TrustProxyHops int
	// ShutdownTimeout is SHUTDOWN_TIMEOUT, how long in-flight requests get
	// to finish on shutdown.
	ShutdownTimeout time.Duration
}

// Auth holds token and password-hashing settings.
type Auth struct {
	// JWTAccessSecret is JWT_ACCESS_SECRET. Empty outside production means
	// the caller should generate one and keep it in DataDir; config does not
	// do that itself because it must not write files.
	JWTAccessSecret Secret
	// AccessTTL is JWT_ACCESS_TTL, the lifetime of an access token.
	AccessTTL time.Duration
	// RefreshTTL is JWT_REFRESH_TTL, the lifetime of a refresh token.
	RefreshTTL time.Duration
	// ClassicTokenTTL is CLASSIC_TOKEN_TTL, the lifetime of tokens issued on
	// the classic /api surface.
	ClassicTokenTTL time.Duration
	// SessionCacheTTL is SESSION_CACHE_TTL: how long a lone instance may
	// remember a session with its account; 0 when off.
	SessionCacheTTL time.Duration
	// BcryptCost is BCRYPT_COST.
	BcryptCost int
}

// Storage holds the media storage adapter and the settings of every adapter.
// Only the selected adapter's settings are required.
type Storage struct {
	// Adapter is STORAGE.
	Adapter StorageAdapter
	// MediaDir is MEDIA_DIR, the root of the local adapter.
	MediaDir string
	// Supabase is used when Adapter is StorageSupabase.
	Supabase Supabase
	// Cloudinary is used when Adapter is StorageCloudinary.
	Cloudinary Cloudinary
}

// Supabase holds the Supabase Storage settings (STORAGE=supabase).
type Supabase struct {
	// URL is SUPABASE_URL, the project URL without a trailing slash.
	URL string
	// ServiceRoleKey is SUPABASE_SERVICE_ROLE_KEY.
	ServiceRoleKey Secret
	// Bucket is SUPABASE_BUCKET.
	Bucket string
}

// Cloudinary holds the Cloudinary settings (STORAGE=cloudinary).
type Cloudinary struct {
	// CloudName is CLOUDINARY_CLOUD_NAME.
	CloudName string
	// APIKey is CLOUDINARY_API_KEY. It is not a Secret: Cloudinary expects
	// it in signed upload forms handed to browsers, so it is public anyway.
	APIKey string
	// APISecret is CLOUDINARY_API_SECRET, which signs those forms.
	APISecret Secret
}

// Mail holds the mail adapter, the sender and the settings of every adapter.
type Mail struct {
	// Adapter is MAIL.
	Adapter MailAdapter
	// From is MAIL_FROM, already parsed so that adapters need not handle a
	// bad address at send time.
	From mail.Address
	// SMTP is used when Adapter is MailSMTP.
	SMTP SMTP
	// Resend is used when Adapter is MailResend.
	Resend Resend
}

// SMTP holds the SMTP settings (MAIL=smtp).
type SMTP struct {
	// Host is SMTP_HOST.
	Host string
	// Port is SMTP_PORT.
	Port int
	// Username is SMTP_USERNAME; empty means no authentication.
	Username string
	// Password is SMTP_PASSWORD.
	Password Secret
	// StartTLS is SMTP_STARTTLS.
	StartTLS StartTLSPolicy
}

// Resend holds the Resend settings (MAIL=resend).
type Resend struct {
	// APIKey is RESEND_API_KEY.
	APIKey Secret
	// BaseURL is RESEND_BASE_URL without a trailing slash; tests point it
	// at a local fake.
	BaseURL string
}

// Log holds the settings of the process logger.
type Log struct {
	// Level is LOG_LEVEL.
	Level slog.Level
	// Format is LOG_FORMAT.
	Format LogFormat
}

// Limits holds rate limits, view counting and upload size limits.
type Limits struct {
	// RateWindow is RATE_LIMIT_WINDOW, the window every rate limit counts in.
	RateWindow time.Duration
	// API is RATE_LIMIT_API, requests per window per IP on the whole API.
	API int
	// Login is RATE_LIMIT_LOGIN, login attempts per window per IP and account.
	Login int
	// Signup is RATE_LIMIT_SIGNUP, registrations, verification resends and
	// password-reset requests per window per IP.
	Signup int
	// ViewDedupWindow is VIEW_DEDUP_WINDOW: a viewer's views of one video
	// within it count once.
	ViewDedupWindow time.Duration
	// MaxVideoBytes is MAX_VIDEO_BYTES, the largest accepted video upload.
	MaxVideoBytes int64
	// MaxImageBytes is MAX_IMAGE_BYTES, the largest accepted image upload.
	MaxImageBytes int64
	// MaxVideoDuration is MAX_VIDEO_DURATION, the longest accepted video.
	MaxVideoDuration time.Duration
}

// IsProduction reports whether APP_ENV is production.
func (c Config) IsProduction() bool { return c.Env == EnvProduction }

// CookieSecure reports whether cookies must carry the Secure attribute. Only
// production requires it, because development runs on plain http://localhost
// where browsers would drop Secure cookies.
func (c Config) CookieSecure() bool { return c.IsProduction() }

// StoreKind reports which store DATABASE_URL selects. It is empty only for a
// Config that did not come from [Load] and holds an unsupported URL.
func (c Config) StoreKind() StoreKind {
	kind, _ := storeKindOf(c.DatabaseURL.Reveal())
	return kind
}
