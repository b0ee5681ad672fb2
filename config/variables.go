package config

// Variable documents one environment variable.
type Variable struct {
	// Name is the variable's name, for example "PORT".
	Name string
	// Default is the value used when the variable is unset or empty, as it
	// would be written in a .env file; "" means no default.
	Default string
	// Description says what the variable does and what it accepts.
	Description string
}

// Variables lists every variable [Load] reads, grouped as in [Config] and in
// a stable order, so that the README table and .env.example can be checked
// against it. A test keeps it in step with the parser. It returns a fresh
// slice on every call, so callers may modify it.
func Variables() []Variable {
	return []Variable{
		{"APP_ENV", "development", "development, production or test. Production makes cookies Secure and requires JWT_ACCESS_SECRET."},
		{"PORT", "8000", "TCP port to listen on, 1 to 65535."},
		{"DATABASE_URL", "sqlite:./data/stagecast.db", "Store to use, chosen by scheme: sqlite: or file: (SQLite), postgres:// or postgresql://, mongodb:// or mongodb+srv://, memory:. Its password is masked in logs."},
		{"DATA_DIR", "./data", "Directory for local state, such as the generated development JWT secret."},

		{"JWT_ACCESS_SECRET", "", "Key signing access tokens (secret). Required in production, at least 32 bytes; elsewhere, when empty, one is generated and kept in DATA_DIR."},
		{"JWT_ACCESS_TTL", "15m", "Access token lifetime: a Go duration (15m, 1h30m) or whole days (1d); at most 24h."},
		{"JWT_REFRESH_TTL", "30d", "Refresh token lifetime, same syntax; not shorter than JWT_ACCESS_TTL."},
		{"CLASSIC_TOKEN_TTL", "7d", "Lifetime of tokens issued on the classic /api surface, same syntax."},
		{"SESSION_CACHE_TTL", "5s", "How long a lone instance may answer a session's liveness from memory, 0 to 1m; 0 turns it off. Any change to the session or its account is seen at once; one made outside the process (by hand in the database, or by another instance) after at most this long. Off whenever REDIS_URL is set: several instances must set it, or set this to 0."},
		{"BCRYPT_COST", "10", "bcrypt cost for password hashes, 4 to 15."},

		{"CORS_ORIGINS", "http://localhost:3000", "Comma-separated origins (scheme://host[:port]) allowed to call the API with credentials; * is refused."},
		{"COOKIE_DOMAIN", "", "Domain attribute of auth cookies; empty scopes them to the exact host."},
		{"TRUST_PROXY_HOPS", "0", "Number of reverse proxies whose X-Forwarded-For entries are trusted, 0 to 10."},
		{"PUBLIC_BASE_URL", "http://localhost:<PORT>", "Absolute http(s) URL clients reach the API at, used in media and upload links; a trailing slash is removed."},
		{"SHUTDOWN_TIMEOUT", "15s", "How long in-flight requests get to finish on shutdown before their connections are closed; background work then gets as long again to stop."},

		{"STORAGE", "local", "Media storage: local, supabase or cloudinary."},
		{"MEDIA_DIR", "./data/media", "Root directory of the local media storage."},
		{"SUPABASE_URL", "", "Supabase project URL, absolute; required when STORAGE=supabase."},
		{"SUPABASE_SERVICE_ROLE_KEY", "", "Supabase service role key (secret); required when STORAGE=supabase."},
		{"SUPABASE_BUCKET", "", "Supabase Storage bucket; required when STORAGE=supabase."},
		{"CLOUDINARY_CLOUD_NAME", "", "Cloudinary cloud name; required when STORAGE=cloudinary."},
		{"CLOUDINARY_API_KEY", "", "Cloudinary API key; required when STORAGE=cloudinary."},
		{"CLOUDINARY_API_SECRET", "", "Cloudinary API secret (secret); required when STORAGE=cloudinary."},

		{"MAIL", "log", "Mail delivery: log (write mails to the log), smtp or resend."},
		{"MAIL_FROM", "Stagecast <no-reply@stagecast.local>", "Sender address, RFC 5322 (Name <user@host> or user@host)."},
		{"SMTP_HOST", "", "SMTP server host; required when MAIL=smtp."},
		{"SMTP_PORT", "587", "SMTP server port, 1 to 65535."},
		{"SMTP_USERNAME", "", "SMTP user name; empty means no authentication."},
		{"SMTP_PASSWORD", "", "SMTP password (secret)."},
		{"SMTP_STARTTLS", "mandatory", "STARTTLS policy: mandatory, opportunistic or none."},
		{"RESEND_API_KEY", "", "Resend API key (secret); required when MAIL=resend."},
		{"RESEND_BASE_URL", "https://api.resend.com", "Resend API base URL, absolute http(s)."},

		{"BROKER", "memory", "Live-comment fan-out: memory (within one process) or redis (across every instance on REDIS_URL)."},
		{"REDIS_URL", "", "redis:// or rediss:// URL; required by BROKER=redis. When set, rate limits are counted in Redis and shared by every instance, and Redis must answer at start; if it stops answering later, limits count per process and live comments reach this instance's viewers only until it returns. Its password is masked in logs."},

		{"LOG_LEVEL", "info", "Minimum log level: debug, info, warn or error."},
		{"LOG_FORMAT", "json", "Log format: json or text."},

		{"RATE_LIMIT_WINDOW", "15m", "Window every rate limit counts in."},
		{"RATE_LIMIT_API", "1000", "Requests per window per IP on /api, at least 1."},
		{"RATE_LIMIT_LOGIN", "10", "Login attempts per window per IP and account, at least 1."},
		{"RATE_LIMIT_SIGNUP", "5", "Registrations, verification resends and password-reset requests per window per IP, at least 1; requests refused by validation do not count."},
		{"VIEW_DEDUP_WINDOW", "1h", "A viewer's views of one video within this window count once."},
		{"MAX_VIDEO_BYTES", "104857600", "Largest accepted video upload in bytes (100 MiB), at least 1."},
		{"MAX_IMAGE_BYTES", "5242880", "Largest accepted image upload in bytes (5 MiB), at least 1."},
		{"MAX_VIDEO_DURATION", "24h", "Longest accepted video, as read from its container; longer ones are refused with 400."},
		{"LIVE_COMMENT_LIMIT", "5", "Comments one live connection may store per LIVE_COMMENT_WINDOW, at least 1; refused ones do not count."},
		{"LIVE_COMMENT_WINDOW", "10s", "Window of LIVE_COMMENT_LIMIT."},
	}
}
