package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// mask stands in for a secret that is set. A fixed string, rather than a
// length or a hash prefix, so that logs reveal nothing about the value.
const mask = "***"

// Secret is a configuration value that must never be printed: it masks itself
// as "***" (or "" when empty, so that logs still show whether it is set) in
// fmt verbs, encoding/json and log/slog. Use [Secret.Reveal] where the real
// value is needed, which keeps every use easy to find.
type Secret string

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret is non-empty.
func (s Secret) IsSet() bool { return s != "" }

// String returns "***" when the secret is set and "" when it is empty.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return mask
}

// Format implements [fmt.Formatter]. Without it %#v and %x would print the
// underlying string, since they bypass String.
func (s Secret) Format(f fmt.State, verb rune) { formatMasked(f, verb, s.String()) }

// MarshalJSON implements [json.Marshaler] with the masked value.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// LogValue implements [slog.LogValuer] with the masked value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// SecretURL is a URL that may carry credentials, such as DATABASE_URL or
// REDIS_URL. It prints with its password (and password-like query parameters)
// replaced by "***", so host and database stay visible for debugging. A value
// that does not parse as a URL prints as "***" entirely, since there is no
// telling where its password is.
type SecretURL string

// Reveal returns the URL with its credentials.
func (u SecretURL) Reveal() string { return string(u) }

// IsSet reports whether the URL is non-empty.
func (u SecretURL) IsSet() bool { return u != "" }

// String returns the URL with its password masked, or "" when empty.
func (u SecretURL) String() string { return redactURL(string(u)) }

// Format implements [fmt.Formatter]; see [Secret.Format].
func (u SecretURL) Format(f fmt.State, verb rune) { formatMasked(f, verb, u.String()) }

// MarshalJSON implements [json.Marshaler] with the masked URL.
func (u SecretURL) MarshalJSON() ([]byte, error) { return json.Marshal(u.String()) }

// LogValue implements [slog.LogValuer] with the masked URL.
func (u SecretURL) LogValue() slog.Value { return slog.StringValue(u.String()) }

// formatMasked prints masked with the caller's verb and flags, so that
// widths and %q still behave as they would for a plain string.
func formatMasked(f fmt.State, verb rune, masked string) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), masked)
}

// isSensitiveQueryKey reports query parameters that carry credentials in the
// URL forms we accept (libpq's password and sslpassword, MongoDB's and
// Redis clients' variants). Compared lower-cased.
func isSensitiveQueryKey(key string) bool {
	switch strings.ToLower(key) {
	case "password", "pass", "passwd", "pwd", "sslpassword", "secret", "token", "apikey", "api_key":
		return true
	}
	return false
}

// redactURL masks the password and password-like query parameters of raw.
// It returns raw unchanged when there is nothing to mask, so that an
// innocent URL prints exactly as configured.
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return mask
	}
	changed, hasPassword := false, false
	if u.User != nil {
		if _, hasPassword = u.User.Password(); hasPassword {
			// url would percent-encode "***"; write a placeholder that
			// survives encoding and swap it afterwards.
			u.User = url.UserPassword(u.User.Username(), passwordPlaceholder)
			changed = true
		}
	}
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, part := range parts {
			key, _, _ := strings.Cut(part, "=")
			if k, err := url.QueryUnescape(key); err == nil && isSensitiveQueryKey(k) {
				parts[i] = key + "=" + mask
				changed = true
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	if u.Fragment != "" {
		// A '#' in an unescaped password makes the rest of the URL a
		// fragment; it has no use in any URL we accept, so hide it.
		u.Fragment, u.RawFragment = mask, ""
		changed = true
	}
	if !changed {
		return raw
	}
	out := u.String()
	if hasPassword {
		// The userinfo is the first place the placeholder can appear.
		out = strings.Replace(out, ":"+passwordPlaceholder+"@", ":"+mask+"@", 1)
	}
	return out
}

// passwordPlaceholder stands in for a password while a URL is re-encoded.
const passwordPlaceholder = "REDACTED"
