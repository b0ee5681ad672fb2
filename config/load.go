package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/caarlos0/env/v11"
	"github.com/joho/godotenv"
)

// rawEnv is every variable as text, with its default. It is the parser's
// only list of names: [Load] asks the lookup for exactly these keys, and a
// test checks [Variables] against it.
//
// Fields are strings, not ints or durations, so that env never rejects a
// value itself: its errors name Go fields, while ours must name the variable
// and say what would be accepted. env contributes names, defaults and the
// rule that an empty value takes the default.
//
// PUBLIC_BASE_URL has no tag default because it follows PORT.
type rawEnv struct {
	AppEnv      string `env:"APP_ENV" envDefault:"development"`
	Port        string `env:"PORT" envDefault:"8000"`
	DatabaseURL string `env:"DATABASE_URL" envDefault:"sqlite:./data/stagecast.db"`
	DataDir     string `env:"DATA_DIR" envDefault:"./data"`

	JWTAccessSecret string `env:"JWT_ACCESS_SECRET"`
	JWTAccessTTL    string `env:"JWT_ACCESS_TTL" envDefault:"15m"`
	JWTRefreshTTL   string `env:"JWT_REFRESH_TTL" envDefault:"30d"`
	ClassicTokenTTL string `env:"CLASSIC_TOKEN_TTL" envDefault:"7d"`
	SessionCacheTTL string `env:"SESSION_CACHE_TTL" envDefault:"5s"`
	BcryptCost      string `env:"BCRYPT_COST" envDefault:"10"`

	CORSOrigins     string `env:"CORS_ORIGINS" envDefault:"http://localhost:3000"`
	CookieDomain    string `env:"COOKIE_DOMAIN"`
	TrustProxyHops  string `env:"TRUST_PROXY_HOPS" envDefault:"0"`
	PublicBaseURL   string `env:"PUBLIC_BASE_URL"`
	ShutdownTimeout string `env:"SHUTDOWN_TIMEOUT" envDefault:"15s"`

	Storage                string `env:"STORAGE" envDefault:"local"`
	MediaDir               string `env:"MEDIA_DIR" envDefault:"./data/media"`
	SupabaseURL            string `env:"SUPABASE_URL"`
	SupabaseServiceRoleKey string `env:"SUPABASE_SERVICE_ROLE_KEY"`
	SupabaseBucket         string `env:"SUPABASE_BUCKET"`
	CloudinaryCloudName    string `env:"CLOUDINARY_CLOUD_NAME"`
	CloudinaryAPIKey       string `env:"CLOUDINARY_API_KEY"`
	CloudinaryAPISecret    string `env:"CLOUDINARY_API_SECRET"`

	Mail          string `env:"MAIL" envDefault:"log"`
	MailFrom      string `env:"MAIL_FROM" envDefault:"Stagecast <no-reply@stagecast.local>"`
	SMTPHost      string `env:"SMTP_HOST"`
	SMTPPort      string `env:"SMTP_PORT" envDefault:"587"`
	SMTPUsername  string `env:"SMTP_USERNAME"`
	SMTPPassword  string `env:"SMTP_PASSWORD"`
	SMTPStartTLS  string `env:"SMTP_STARTTLS" envDefault:"mandatory"`
	ResendAPIKey  string `env:"RESEND_API_KEY"`
	ResendBaseURL string `env:"RESEND_BASE_URL" envDefault:"https://api.resend.com"`

	Broker   string `env:"BROKER" envDefault:"memory"`
	RedisURL string `env:"REDIS_URL"`

	LogLevel  string `env:"LOG_LEVEL" envDefault:"info"`
	LogFormat string `env:"LOG_FORMAT" envDefault:"json"`

	RateLimitWindow string `env:"RATE_LIMIT_WINDOW" envDefault:"15m"`
	RateLimitAPI    string `env:"RATE_LIMIT_API" envDefault:"1000"`
	RateLimitLogin  string `env:"RATE_LIMIT_LOGIN" envDefault:"10"`
	RateLimitSignup string `env:"RATE_LIMIT_SIGNUP" envDefault:"5"`
	ViewDedupWindow string `env:"VIEW_DEDUP_WINDOW" envDefault:"1h"`
	MaxVideoBytes   string `env:"MAX_VIDEO_BYTES" envDefault:"104857600"`
	MaxImageBytes   string `env:"MAX_IMAGE_BYTES" envDefault:"5242880"`

	MaxVideoDuration string `env:"MAX_VIDEO_DURATION" envDefault:"24h"`

	LiveCommentLimit  string `env:"LIVE_COMMENT_LIMIT" envDefault:"5"`
	LiveCommentWindow string `env:"LIVE_COMMENT_WINDOW" envDefault:"10s"`
}

// envOptions returns env options that read only from environ. The map must
// be non-nil: env treats a nil Environment as "use the process environment".
func envOptions(environ map[string]string) env.Options {
	if environ == nil {
		environ = map[string]string{}
	}
	return env.Options{Environment: environ}
}

// knownVars returns the variable names rawEnv declares, with their tag
// defaults, in declaration order.
func knownVars() ([]env.FieldParams, error) {
	return env.GetFieldParamsWithOptions(&rawEnv{}, envOptions(nil))
}

// Load builds and validates a Config from lookup, which reports a variable's
// value and whether it is set (os.LookupEnv has this shape). Load never reads
// the process environment itself, so tests can call it with a map.
//
// Every problem found is reported: the error joins one [*VarError] per bad or
// missing variable (see errors.Join). On error the returned Config is zero.
func Load(lookup func(string) (string, bool)) (Config, error) {
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	vars, err := knownVars()
	if err != nil {
		return Config{}, fmt.Errorf("config: reading variable list: %w", err)
	}
	// env wants a map, while a lookup cannot be enumerated: ask for each
	// name we know, which also keeps unrelated variables out of reach.
	environ := make(map[string]string, len(vars))
	for _, v := range vars {
		if value, ok := lookup(v.Key); ok {
			environ[v.Key] = value
		}
	}
	var raw rawEnv
	if err := env.ParseWithOptions(&raw, envOptions(environ)); err != nil {
		// Unreachable with string fields and no "required" tags; kept so
		// that a future typed field cannot fail silently.
		return Config{}, fmt.Errorf("config: %w", err)
	}
	var p problems
	cfg := build(raw, &p)
	if len(p.errs) > 0 {
		p.sortByName(vars)
		return Config{}, p.err()
	}
	return cfg, nil
}

// FromOS loads the configuration of a real process: variables from the file
// at dotenvPath (usually ".env"), overridden by the process environment, then
// [Load]. A missing file is fine, as production sets everything in the real
// environment; an unreadable or malformed one is an error, since silently
// ignoring it would start the server with defaults the operator did not
// intend. An empty dotenvPath reads no file.
//
// A variable set to the empty string in the process environment does not
// hide the file's value, because an empty value means "unset" everywhere
// else in this package.
func FromOS(dotenvPath string) (Config, error) {
	file := map[string]string{}
	if dotenvPath != "" {
		var err error
		file, err = readDotenv(dotenvPath)
		if err != nil {
			return Config{}, err
		}
	}
	return Load(mergedLookup(os.LookupEnv, file))
}

// mergedLookup looks a name up in primary, then in fallback when primary
// has no non-empty value.
func mergedLookup(primary func(string) (string, bool), fallback map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if v, ok := primary(name); ok && v != "" {
			return v, true
		}
		if v, ok := fallback[name]; ok {
			return v, true
		}
		return primary(name)
	}
}

// readDotenv parses a .env file; a missing file yields an empty map.
func readDotenv(path string) (map[string]string, error) {
	vars, err := godotenv.Read(path)
	switch {
	case err == nil:
		return vars, nil
	case errors.Is(err, fs.ErrNotExist):
		return map[string]string{}, nil
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return nil, fmt.Errorf("config: reading %s: %w", path, err)
	}
	return nil, fmt.Errorf("config: %s is not a valid .env file: %s", path, dotenvProblem(err))
}

// dotenvProblem shortens a godotenv parse error to its kind. godotenv quotes
// the offending text, which may be a secret's value (an unterminated quote
// swallows the rest of the file), and this error ends up in startup logs.
func dotenvProblem(err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "unterminated quoted value") {
		return "unterminated quoted value"
	}
	if before, _, found := strings.Cut(msg, " near "); found {
		return before
	}
	if strings.ContainsAny(msg, `"'`) {
		return "syntax error"
	}
	return msg
}
