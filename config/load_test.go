package config

import (
	"log/slog"
	"net/mail"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadDefaults(t *testing.T) {
	want := Config{
		Env:         EnvDevelopment,
		DataDir:     "./data",
		DatabaseURL: "sqlite:./data/stagecast.db",
		Broker:      BrokerMemory,
		HTTP: HTTP{
			Port:            8000,
			PublicBaseURL:   "http://localhost:8000",
			CORSOrigins:     []string{"http://localhost:3000"},
			ShutdownTimeout: 15 * time.Second,
		},
		Auth: Auth{
			AccessTTL:       15 * time.Minute,
			RefreshTTL:      30 * 24 * time.Hour,
			ClassicTokenTTL: 7 * 24 * time.Hour,
			SessionCacheTTL: 5 * time.Second,
			BcryptCost:      10,
		},
		Storage: Storage{Adapter: StorageLocal, MediaDir: "./data/media"},
		Mail: Mail{
			Adapter: MailLog,
			From:    mail.Address{Name: "Stagecast", Address: "no-reply@stagecast.local"},
			SMTP:    SMTP{Port: 587, StartTLS: StartTLSMandatory},
			Resend:  Resend{BaseURL: "https://api.resend.com"},
		},
		Log: Log{Level: slog.LevelInfo, Format: LogJSON},
		Limits: Limits{
			RateWindow:       15 * time.Minute,
			API:              1000,
			Login:            10,
			Signup:           5,
			ViewDedupWindow:  time.Hour,
			MaxVideoBytes:    104857600,
			MaxImageBytes:    5242880,
			MaxVideoDuration: 24 * time.Hour,
		},
		Live: Live{CommentLimit: 5, CommentWindow: 10 * time.Second},
	}
	for name, lookup := range map[string]func(string) (string, bool){
		"empty map":  testEnv{}.lookup,
		"nil lookup": nil,
		// An empty value counts as unset.
		"empty values": testEnv{"PORT": "", "CORS_ORIGINS": "", "DATABASE_URL": "", "MAIL": ""}.lookup,
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Load(lookup)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load() =\n%#v\nwant\n%#v", got, want)
			}
			if got.StoreKind() != StoreSQLite || got.IsProduction() || got.CookieSecure() {
				t.Errorf("StoreKind=%q IsProduction=%v CookieSecure=%v", got.StoreKind(), got.IsProduction(), got.CookieSecure())
			}
		})
	}
}

func TestLoadValidValues(t *testing.T) {
	secret := strings.Repeat("k", 32)
	tests := []struct {
		name  string
		env   testEnv
		check func(t *testing.T, c Config)
	}{
		{"port sets default public URL", testEnv{"PORT": " 9000 "}, func(t *testing.T, c Config) {
			if c.HTTP.Port != 9000 || c.HTTP.PublicBaseURL != "http://localhost:9000" {
				t.Errorf("got port %d, public URL %q", c.HTTP.Port, c.HTTP.PublicBaseURL)
			}
		}},
		{"public URL loses trailing slashes", testEnv{"PUBLIC_BASE_URL": "https://video.example.com/api//"}, func(t *testing.T, c Config) {
			if c.HTTP.PublicBaseURL != "https://video.example.com/api" {
				t.Errorf("got %q", c.HTTP.PublicBaseURL)
			}
		}},
		{"CORS list trimmed, normalized, de-duplicated", testEnv{"CORS_ORIGINS": " HTTPS://App.Example.com/ , http://localhost:5173,,https://app.example.com"}, func(t *testing.T, c Config) {
			want := []string{"https://app.example.com", "http://localhost:5173"}
			if !slices.Equal(c.HTTP.CORSOrigins, want) {
				t.Errorf("got %q, want %q", c.HTTP.CORSOrigins, want)
			}
		}},
		{"session cache off", testEnv{"SESSION_CACHE_TTL": "0"}, func(t *testing.T, c Config) {
			if c.Auth.SessionCacheTTL != 0 {
				t.Errorf("SESSION_CACHE_TTL=0 gave %s", c.Auth.SessionCacheTTL)
			}
		}},
		{"durations in days and Go syntax", testEnv{"JWT_ACCESS_TTL": "1h30m", "JWT_REFRESH_TTL": "7d", "CLASSIC_TOKEN_TTL": "12h", "SHUTDOWN_TIMEOUT": "500ms"}, func(t *testing.T, c Config) {
			if c.Auth.AccessTTL != 90*time.Minute || c.Auth.RefreshTTL != 168*time.Hour ||
				c.Auth.ClassicTokenTTL != 12*time.Hour || c.HTTP.ShutdownTimeout != 500*time.Millisecond {
				t.Errorf("got %+v, shutdown %s", c.Auth, c.HTTP.ShutdownTimeout)
			}
		}},
		{"30d is 720h", testEnv{"JWT_REFRESH_TTL": "30d"}, func(t *testing.T, c Config) {
			if c.Auth.RefreshTTL != 720*time.Hour {
				t.Errorf("got %s", c.Auth.RefreshTTL)
			}
		}},
		{"refresh equal to access is fine", testEnv{"JWT_ACCESS_TTL": "24h", "JWT_REFRESH_TTL": "1d"}, func(t *testing.T, c Config) {
			if c.Auth.AccessTTL != c.Auth.RefreshTTL {
				t.Errorf("got %s and %s", c.Auth.AccessTTL, c.Auth.RefreshTTL)
			}
		}},
		{"production with a long secret", testEnv{"APP_ENV": "production", "JWT_ACCESS_SECRET": secret}, func(t *testing.T, c Config) {
			if !c.IsProduction() || !c.CookieSecure() || c.Auth.JWTAccessSecret.Reveal() != secret {
				t.Errorf("IsProduction=%v CookieSecure=%v", c.IsProduction(), c.CookieSecure())
			}
		}},
		{"short secret is fine outside production", testEnv{"JWT_ACCESS_SECRET": "dev"}, func(t *testing.T, c Config) {
			if c.Auth.JWTAccessSecret.Reveal() != "dev" {
				t.Errorf("got %q", c.Auth.JWTAccessSecret.Reveal())
			}
		}},
		{"smtp", testEnv{"MAIL": "smtp", "SMTP_HOST": "mail.example.com", "SMTP_PORT": "465", "SMTP_STARTTLS": "none", "MAIL_FROM": "ops@example.com"}, func(t *testing.T, c Config) {
			if c.Mail.Adapter != MailSMTP || c.Mail.SMTP.Host != "mail.example.com" || c.Mail.SMTP.Port != 465 ||
				c.Mail.SMTP.StartTLS != StartTLSNone || c.Mail.From.Address != "ops@example.com" {
				t.Errorf("got %+v", c.Mail)
			}
		}},
		{"resend", testEnv{"MAIL": "resend", "RESEND_API_KEY": "re_x", "RESEND_BASE_URL": "http://127.0.0.1:9999/"}, func(t *testing.T, c Config) {
			if c.Mail.Adapter != MailResend || c.Mail.Resend.BaseURL != "http://127.0.0.1:9999" {
				t.Errorf("got %+v", c.Mail)
			}
		}},
		{"supabase", testEnv{"STORAGE": "supabase", "SUPABASE_URL": "https://xyz.supabase.co/", "SUPABASE_SERVICE_ROLE_KEY": "k", "SUPABASE_BUCKET": "media"}, func(t *testing.T, c Config) {
			if c.Storage.Adapter != StorageSupabase || c.Storage.Supabase.URL != "https://xyz.supabase.co" || c.Storage.Supabase.Bucket != "media" {
				t.Errorf("got %+v", c.Storage)
			}
		}},
		{"cloudinary", testEnv{"STORAGE": "cloudinary", "CLOUDINARY_CLOUD_NAME": "demo", "CLOUDINARY_API_KEY": "123", "CLOUDINARY_API_SECRET": "s"}, func(t *testing.T, c Config) {
			if c.Storage.Adapter != StorageCloudinary || c.Storage.Cloudinary.CloudName != "demo" {
				t.Errorf("got %+v", c.Storage)
			}
		}},
		{"redis broker", testEnv{"BROKER": "redis", "REDIS_URL": "rediss://default:pw@cache.example.com:6380/0"}, func(t *testing.T, c Config) {
			if c.Broker != BrokerRedis || c.RedisURL.Reveal() != "rediss://default:pw@cache.example.com:6380/0" {
				t.Errorf("got %q %q", c.Broker, c.RedisURL.Reveal())
			}
		}},
		{"redis URL without redis broker, for shared rate limits", testEnv{"REDIS_URL": "redis://localhost:6379"}, func(t *testing.T, c Config) {
			if c.Broker != BrokerMemory || !c.RedisURL.IsSet() {
				t.Errorf("got %q %q", c.Broker, c.RedisURL)
			}
		}},
		{"log, proxies, cookie domain, limits", testEnv{"LOG_LEVEL": "debug", "LOG_FORMAT": "text", "TRUST_PROXY_HOPS": "1", "COOKIE_DOMAIN": ".example.com", "RATE_LIMIT_LOGIN": "3", "MAX_IMAGE_BYTES": "1"}, func(t *testing.T, c Config) {
			if c.Log != (Log{Level: slog.LevelDebug, Format: LogText}) || c.HTTP.TrustProxyHops != 1 ||
				c.HTTP.CookieDomain != ".example.com" || c.Limits.Login != 3 || c.Limits.MaxImageBytes != 1 {
				t.Errorf("got %+v %+v %+v", c.Log, c.HTTP, c.Limits)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, mustLoad(t, tt.env)) })
	}
}

func TestStoreKind(t *testing.T) {
	tests := map[string]StoreKind{
		"sqlite:./data/stagecast.db":             StoreSQLite,
		"sqlite::memory:":                        StoreSQLite,
		"file:test.db?cache=shared":              StoreSQLite,
		"postgres://u:p@db:5432/stagecast":       StorePostgres,
		"postgresql:///stagecast?host=/tmp":      StorePostgres,
		"POSTGRES://db/stagecast":                StorePostgres,
		"mongodb://localhost:27017/stagecast":    StoreMongoDB,
		"mongodb+srv://u:p@cluster.example.net/": StoreMongoDB,
		"memory:":                                StoreMemory,
	}
	for url, want := range tests {
		t.Run(url, func(t *testing.T) {
			if got := mustLoad(t, testEnv{"DATABASE_URL": url}).StoreKind(); got != want {
				t.Errorf("StoreKind() = %q, want %q", got, want)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"30d", 720 * time.Hour, false},
		{"1d", 24 * time.Hour, false},
		{"0d", 0, false},
		{"15m", 15 * time.Minute, false},
		{"1h30m", 90 * time.Minute, false},
		{"d", 0, true},
		{"1.5d", 0, true},
		{"-1d", 0, true},
		{"1d12h", 0, true},
		{"99999999999d", 0, true},
		{"15", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseDuration(%q) = %s, %v; want %s, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
