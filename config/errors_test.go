package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLoadRejectsBadValues(t *testing.T) {
	tests := []struct {
		name string
		env  testEnv
		want []string // variables named by the error, sorted
	}{
		{"APP_ENV unknown", testEnv{"APP_ENV": "staging"}, []string{"APP_ENV"}},
		{"APP_ENV wrong case", testEnv{"APP_ENV": "Production"}, []string{"APP_ENV"}},
		{"PORT not a number", testEnv{"PORT": "abc"}, []string{"PORT"}},
		{"PORT zero", testEnv{"PORT": "0"}, []string{"PORT"}},
		{"PORT too large", testEnv{"PORT": "65536"}, []string{"PORT"}},
		{"DATABASE_URL unknown scheme", testEnv{"DATABASE_URL": "mysql://root:pw@db/stagecast"}, []string{"DATABASE_URL"}},
		{"DATABASE_URL bare path", testEnv{"DATABASE_URL": "./data/stagecast.db"}, []string{"DATABASE_URL"}},
		{"DATABASE_URL sqlite without file", testEnv{"DATABASE_URL": "sqlite:"}, []string{"DATABASE_URL"}},
		{"DATABASE_URL mongodb without host", testEnv{"DATABASE_URL": "mongodb://"}, []string{"DATABASE_URL"}},
		{"DATABASE_URL unparsable", testEnv{"DATABASE_URL": "postgres://u:p w@db:port/x"}, []string{"DATABASE_URL"}},
		{"DATA_DIR blank", testEnv{"DATA_DIR": "  "}, []string{"DATA_DIR"}},
		{"JWT_ACCESS_TTL without unit", testEnv{"JWT_ACCESS_TTL": "15"}, []string{"JWT_ACCESS_TTL"}},
		{"JWT_ACCESS_TTL zero", testEnv{"JWT_ACCESS_TTL": "0s"}, []string{"JWT_ACCESS_TTL"}},
		{"JWT_ACCESS_TTL negative", testEnv{"JWT_ACCESS_TTL": "-5m"}, []string{"JWT_ACCESS_TTL"}},
		{"JWT_ACCESS_TTL above cap", testEnv{"JWT_ACCESS_TTL": "25h"}, []string{"JWT_ACCESS_TTL"}},
		{"JWT_ACCESS_TTL fractional days", testEnv{"JWT_ACCESS_TTL": "0.5d"}, []string{"JWT_ACCESS_TTL"}},
		{"JWT_REFRESH_TTL shorter than access", testEnv{"JWT_ACCESS_TTL": "1h", "JWT_REFRESH_TTL": "30m"}, []string{"JWT_REFRESH_TTL"}},
		{"JWT_REFRESH_TTL garbage", testEnv{"JWT_REFRESH_TTL": "forever"}, []string{"JWT_REFRESH_TTL"}},
		{"CLASSIC_TOKEN_TTL zero days", testEnv{"CLASSIC_TOKEN_TTL": "0d"}, []string{"CLASSIC_TOKEN_TTL"}},
		{"SESSION_CACHE_TTL negative", testEnv{"SESSION_CACHE_TTL": "-1s"}, []string{"SESSION_CACHE_TTL"}},
		{"SESSION_CACHE_TTL above cap", testEnv{"SESSION_CACHE_TTL": "2m"}, []string{"SESSION_CACHE_TTL"}},
		{"SESSION_CACHE_TTL garbage", testEnv{"SESSION_CACHE_TTL": "soon"}, []string{"SESSION_CACHE_TTL"}},
		{"BCRYPT_COST too low", testEnv{"BCRYPT_COST": "3"}, []string{"BCRYPT_COST"}},
		{"BCRYPT_COST too high", testEnv{"BCRYPT_COST": "16"}, []string{"BCRYPT_COST"}},
		{"CORS_ORIGINS wildcard", testEnv{"CORS_ORIGINS": "*"}, []string{"CORS_ORIGINS"}},
		{"CORS_ORIGINS with path", testEnv{"CORS_ORIGINS": "http://localhost:3000,https://app.example.com/app"}, []string{"CORS_ORIGINS"}},
		{"CORS_ORIGINS without scheme", testEnv{"CORS_ORIGINS": "localhost:3000"}, []string{"CORS_ORIGINS"}},
		{"CORS_ORIGINS not http", testEnv{"CORS_ORIGINS": "ftp://files.example.com"}, []string{"CORS_ORIGINS"}},
		{"CORS_ORIGINS with query", testEnv{"CORS_ORIGINS": "https://a.example.com?x=1"}, []string{"CORS_ORIGINS"}},
		{"CORS_ORIGINS only separators", testEnv{"CORS_ORIGINS": " , "}, []string{"CORS_ORIGINS"}},
		{"COOKIE_DOMAIN injecting attributes", testEnv{"COOKIE_DOMAIN": "example.com; HttpOnly"}, []string{"COOKIE_DOMAIN"}},
		{"TRUST_PROXY_HOPS too many", testEnv{"TRUST_PROXY_HOPS": "11"}, []string{"TRUST_PROXY_HOPS"}},
		{"TRUST_PROXY_HOPS negative", testEnv{"TRUST_PROXY_HOPS": "-1"}, []string{"TRUST_PROXY_HOPS"}},
		{"PUBLIC_BASE_URL relative", testEnv{"PUBLIC_BASE_URL": "localhost:8000"}, []string{"PUBLIC_BASE_URL"}},
		{"PUBLIC_BASE_URL with query", testEnv{"PUBLIC_BASE_URL": "https://x.example.com/?a=1"}, []string{"PUBLIC_BASE_URL"}},
		{"SHUTDOWN_TIMEOUT zero", testEnv{"SHUTDOWN_TIMEOUT": "0"}, []string{"SHUTDOWN_TIMEOUT"}},
		{"STORAGE unknown", testEnv{"STORAGE": "s3"}, []string{"STORAGE"}},
		{"MEDIA_DIR blank", testEnv{"MEDIA_DIR": " "}, []string{"MEDIA_DIR"}},
		{"SUPABASE_URL not absolute, even unused", testEnv{"SUPABASE_URL": "xyz.supabase.co"}, []string{"SUPABASE_URL"}},
		{"MAIL unknown", testEnv{"MAIL": "sendgrid"}, []string{"MAIL"}},
		{"MAIL_FROM not an address", testEnv{"MAIL_FROM": "nobody"}, []string{"MAIL_FROM"}},
		{"SMTP_PORT out of range", testEnv{"SMTP_PORT": "0"}, []string{"SMTP_PORT"}},
		{"SMTP_STARTTLS unknown", testEnv{"SMTP_STARTTLS": "always"}, []string{"SMTP_STARTTLS"}},
		{"RESEND_BASE_URL relative", testEnv{"RESEND_BASE_URL": "api.resend.com"}, []string{"RESEND_BASE_URL"}},
		{"BROKER unknown", testEnv{"BROKER": "nats"}, []string{"BROKER"}},
		{"REDIS_URL wrong scheme", testEnv{"REDIS_URL": "http://cache:6379"}, []string{"REDIS_URL"}},
		{"REDIS_URL without host", testEnv{"REDIS_URL": "redis://"}, []string{"REDIS_URL"}},
		{"LOG_LEVEL unknown", testEnv{"LOG_LEVEL": "verbose"}, []string{"LOG_LEVEL"}},
		{"LOG_FORMAT unknown", testEnv{"LOG_FORMAT": "xml"}, []string{"LOG_FORMAT"}},
		{"RATE_LIMIT_WINDOW garbage", testEnv{"RATE_LIMIT_WINDOW": "abc"}, []string{"RATE_LIMIT_WINDOW"}},
		{"RATE_LIMIT_API zero", testEnv{"RATE_LIMIT_API": "0"}, []string{"RATE_LIMIT_API"}},
		{"RATE_LIMIT_LOGIN negative", testEnv{"RATE_LIMIT_LOGIN": "-1"}, []string{"RATE_LIMIT_LOGIN"}},
		{"RATE_LIMIT_SIGNUP not a number", testEnv{"RATE_LIMIT_SIGNUP": "five"}, []string{"RATE_LIMIT_SIGNUP"}},
		{"VIEW_DEDUP_WINDOW zero", testEnv{"VIEW_DEDUP_WINDOW": "0s"}, []string{"VIEW_DEDUP_WINDOW"}},
		{"MAX_VIDEO_BYTES zero", testEnv{"MAX_VIDEO_BYTES": "0"}, []string{"MAX_VIDEO_BYTES"}},
		{"MAX_VIDEO_DURATION zero", testEnv{"MAX_VIDEO_DURATION": "0s"}, []string{"MAX_VIDEO_DURATION"}},
		{"MAX_IMAGE_BYTES with unit", testEnv{"MAX_IMAGE_BYTES": "5MB"}, []string{"MAX_IMAGE_BYTES"}},

		// Requirements that depend on another variable.
		{"production without secret", testEnv{"APP_ENV": "production"}, []string{"JWT_ACCESS_SECRET"}},
		{"production with short secret", testEnv{"APP_ENV": "production", "JWT_ACCESS_SECRET": "short"}, []string{"JWT_ACCESS_SECRET"}},
		{"smtp without host", testEnv{"MAIL": "smtp"}, []string{"SMTP_HOST"}},
		{"resend without key", testEnv{"MAIL": "resend"}, []string{"RESEND_API_KEY"}},
		{"redis broker without URL", testEnv{"BROKER": "redis"}, []string{"REDIS_URL"}},
		{"supabase without settings", testEnv{"STORAGE": "supabase"}, []string{"SUPABASE_BUCKET", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_URL"}},
		{"cloudinary without settings", testEnv{"STORAGE": "cloudinary"}, []string{"CLOUDINARY_API_KEY", "CLOUDINARY_API_SECRET", "CLOUDINARY_CLOUD_NAME"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(tt.env.lookup)
			if err == nil {
				t.Fatalf("Load succeeded, want an error naming %v", tt.want)
			}
			if got := errorVars(err); !slices.Equal(got, tt.want) {
				t.Errorf("error names %v, want %v; error:\n%v", got, tt.want, err)
			}
			for _, v := range tt.want {
				if !strings.Contains(err.Error(), "config: "+v+": ") {
					t.Errorf("error text does not name %s: %q", v, err)
				}
			}
			if !reflectZero(cfg) {
				t.Errorf("Load returned a non-zero Config with its error")
			}
		})
	}
}

// reflectZero reports whether c is the zero Config (it holds a slice, so ==
// is not available).
func reflectZero(c Config) bool {
	return c.HTTP.CORSOrigins == nil && c.Env == "" && c.HTTP.Port == 0 && c.Auth.BcryptCost == 0
}

func TestLoadErrorText(t *testing.T) {
	_, err := Load(testEnv{"PORT": "abc"}.lookup)
	want := `config: PORT: must be a number between 1 and 65535, got "abc"`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	var ve *VarError
	if !errors.As(err, &ve) || ve.Name != "PORT" {
		t.Errorf("errors.As(*VarError) = %+v", ve)
	}
}

func TestLoadReportsAllProblemsTogether(t *testing.T) {
	_, err := Load(testEnv{
		"PORT":         "abc",
		"BCRYPT_COST":  "99",
		"MAIL":         "smtp", // and no SMTP_HOST
		"LOG_FORMAT":   "xml",
		"CORS_ORIGINS": "*,nope",
	}.lookup)
	if err == nil {
		t.Fatal("Load succeeded")
	}
	want := []string{"BCRYPT_COST", "CORS_ORIGINS", "LOG_FORMAT", "PORT", "SMTP_HOST"}
	if got := errorVars(err); !slices.Equal(got, want) {
		t.Errorf("error names %v, want %v", got, want)
	}
	// One line per problem, each naming its variable, so the whole list
	// reads well in a terminal.
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 6 { // CORS_ORIGINS has two bad entries
		t.Errorf("got %d lines, want 6:\n%v", len(lines), err)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "config: ") {
			t.Errorf("line %q does not start with \"config: \"", l)
		}
	}
}

func TestLoadErrorsNeverShowSecrets(t *testing.T) {
	const pw = "hunter2-very-secret"
	tests := []testEnv{
		{"APP_ENV": "production", "JWT_ACCESS_SECRET": pw},
		{"DATABASE_URL": "mysql://root:" + pw + "@db/stagecast"},
		{"DATABASE_URL": "postgres://root:" + pw + "@db:port/stagecast"},
		{"REDIS_URL": "http://default:" + pw + "@cache:6379"},
		{"REDIS_URL": "redis://:" + pw + "@"},
	}
	for _, e := range tests {
		_, err := Load(e.lookup)
		if err == nil {
			t.Errorf("Load(%v) succeeded, want an error", e)
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("error shows the secret: %v", err)
		}
	}
}
