package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// secretValues returns a value for every secret-bearing variable. The
// values are distinctive so that a leak is found by a substring search.
func secretValues() map[string]string {
	return map[string]string{
		"JWT_ACCESS_SECRET":         "jwt-S3CRET-0123456789abcdef0123456789",
		"SUPABASE_SERVICE_ROLE_KEY": "supabase-S3CRET-role-key",
		"CLOUDINARY_API_SECRET":     "cloudinary-S3CRET",
		"SMTP_PASSWORD":             "smtp-S3CRET",
		"RESEND_API_KEY":            "re_S3CRET",
		"DATABASE_URL":              "postgres://app:pg-S3CRET@db.internal:5432/stagecast?sslpassword=pgssl-S3CRET",
		"REDIS_URL":                 "rediss://default:redis-S3CRET@cache.internal:6380/0",
	}
}

// leakMarkers are the parts of secretValues that must never be printed.
func leakMarkers() []string {
	return []string{
		"jwt-S3CRET", "supabase-S3CRET", "cloudinary-S3CRET", "smtp-S3CRET",
		"re_S3CRET", "pg-S3CRET", "pgssl-S3CRET", "redis-S3CRET",
	}
}

// allSecretsConfig loads a production config with every secret set.
func allSecretsConfig(t *testing.T) Config {
	t.Helper()
	e := testEnv{
		"APP_ENV": "production", "STORAGE": "supabase", "SUPABASE_URL": "https://xyz.supabase.co",
		"SUPABASE_BUCKET": "media", "CLOUDINARY_CLOUD_NAME": "demo", "CLOUDINARY_API_KEY": "123",
		"MAIL": "smtp", "SMTP_HOST": "smtp.example.com", "SMTP_USERNAME": "mailer", "BROKER": "redis",
	}
	for k, v := range secretValues() {
		e[k] = v
	}
	return mustLoad(t, e)
}

func TestConfigOutputNeverShowsSecrets(t *testing.T) {
	cfg := allSecretsConfig(t)
	secrets := secretValues()
	if cfg.Auth.JWTAccessSecret.Reveal() != secrets["JWT_ACCESS_SECRET"] ||
		cfg.DatabaseURL.Reveal() != secrets["DATABASE_URL"] ||
		cfg.RedisURL.Reveal() != secrets["REDIS_URL"] {
		t.Fatal("Reveal does not return the configured values")
	}

	jsonBytes, err := json.Marshal(cfg)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("config", "config", cfg)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("config", "config", cfg)
	// Groups logged on their own go through reflection or JSON, not
	// Config.LogValue; the field types must mask themselves there too.
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("parts", "auth", cfg.Auth, "mail", cfg.Mail)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("parts", "auth", cfg.Auth, "storage", cfg.Storage)

	outputs := map[string]string{
		"%v":  fmt.Sprintf("%v", cfg),
		"%+v": fmt.Sprintf("%+v", cfg),
		"%#v": fmt.Sprintf("%#v", cfg),
		//lint:ignore S1025 the %s verb itself is under test
		"%s":               fmt.Sprintf("%s", cfg),
		"String":           cfg.String(),
		"%+v of groups":    fmt.Sprintf("%+v %+v %+v", cfg.Auth, cfg.Storage, cfg.Mail),
		"%#v of groups":    fmt.Sprintf("%#v %#v %#v", cfg.Auth, cfg.Storage, cfg.Mail),
		"%q %x of secrets": fmt.Sprintf("%q %x %10s", cfg.Auth.JWTAccessSecret, cfg.Mail.SMTP.Password, cfg.RedisURL),
		"json.Marshal":     string(jsonBytes),
		"slog JSON":        jsonLog.String(),
		"slog text":        textLog.String(),
	}
	for name, out := range outputs {
		for _, s := range leakMarkers() {
			if strings.Contains(out, s) {
				t.Errorf("%s shows secret %q:\n%s", name, s, out)
			}
		}
		if !strings.Contains(out, "***") {
			t.Errorf("%s shows no masked value:\n%s", name, out)
		}
	}
	// Masking keeps what is needed to debug a connection.
	for _, name := range []string{"%v", "json.Marshal", "slog JSON"} {
		if !strings.Contains(outputs[name], "db.internal:5432") || !strings.Contains(outputs[name], "cache.internal") {
			t.Errorf("%s hides the database or redis host:\n%s", name, outputs[name])
		}
	}
}

func TestSecretMasking(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"set secret", Secret("x").String(), "***"},
		{"empty secret", Secret("").String(), ""},
		{"%q", fmt.Sprintf("%q", Secret("x")), `"***"`},
		{"%#v", fmt.Sprintf("%#v", Secret("x")), `"***"`},
		{"%5s", fmt.Sprintf("%5s|", Secret("x")), "  ***|"},
		{"json", mustJSON(t, struct{ S Secret }{"x"}), `{"S":"***"}`},
		{"json empty", mustJSON(t, struct{ S Secret }{}), `{"S":""}`},
		{"slog", Secret("x").LogValue().String(), "***"},
		{"url password", SecretURL("postgres://u:p@h:5432/db").String(), "postgres://u:***@h:5432/db"},
		{"url without password", SecretURL("redis://cache:6379/0").String(), "redis://cache:6379/0"},
		{"url with user only", SecretURL("mongodb://user@h/db").String(), "mongodb://user@h/db"},
		{"url password query", SecretURL("postgres://h/db?sslmode=require&password=p").String(), "postgres://h/db?sslmode=require&password=***"},
		{"url escaped password", SecretURL("redis://:p%40ss@h").String(), "redis://:***@h"},
		{"sqlite path untouched", SecretURL("sqlite:./data/stagecast.db").String(), "sqlite:./data/stagecast.db"},
		{"unparsable url hidden whole", SecretURL("postgres://u:p@h:bad port/db").String(), "***"},
		{"empty url", SecretURL("").String(), ""},
		{"url json", mustJSON(t, SecretURL("redis://:p@h")), `"redis://:***@h"`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if !Secret("x").IsSet() || Secret("").IsSet() || Secret("x").Reveal() != "x" {
		t.Error("Secret IsSet/Reveal")
	}
	if !SecretURL("memory:").IsSet() || SecretURL("memory:").Reveal() != "memory:" {
		t.Error("SecretURL IsSet/Reveal")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return string(b)
}
