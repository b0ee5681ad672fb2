package config

import "strings"

// Environment is the value of APP_ENV.
type Environment string

// The accepted APP_ENV values.
const (
	EnvDevelopment Environment = "development"
	EnvProduction  Environment = "production"
	EnvTest        Environment = "test"
)

// StoreKind names the database adapter that DATABASE_URL selects.
type StoreKind string

// The stores DATABASE_URL can select.
const (
	StoreSQLite   StoreKind = "sqlite"
	StorePostgres StoreKind = "postgres"
	StoreMongoDB  StoreKind = "mongodb"
	StoreMemory   StoreKind = "memory"
)

// StorageAdapter is the value of STORAGE.
type StorageAdapter string

// The accepted STORAGE values.
const (
	StorageLocal      StorageAdapter = "local"
	StorageSupabase   StorageAdapter = "supabase"
	StorageCloudinary StorageAdapter = "cloudinary"
)

// MailAdapter is the value of MAIL.
type MailAdapter string

// The accepted MAIL values.
const (
	MailLog    MailAdapter = "log"
	MailSMTP   MailAdapter = "smtp"
	MailResend MailAdapter = "resend"
)

// BrokerAdapter is the value of BROKER.
type BrokerAdapter string

// The accepted BROKER values.
const (
	BrokerMemory BrokerAdapter = "memory"
	BrokerRedis  BrokerAdapter = "redis"
)

// StartTLSPolicy is the value of SMTP_STARTTLS.
type StartTLSPolicy string

// The accepted SMTP_STARTTLS values.
const (
	// StartTLSMandatory refuses to send over a connection that could not be
	// upgraded: the safe default, since credentials travel on it.
	StartTLSMandatory StartTLSPolicy = "mandatory"
	// StartTLSOpportunistic upgrades when the server offers it.
	StartTLSOpportunistic StartTLSPolicy = "opportunistic"
	// StartTLSNone never upgrades (local test servers such as MailHog).
	StartTLSNone StartTLSPolicy = "none"
)

// LogFormat is the value of LOG_FORMAT.
type LogFormat string

// The accepted LOG_FORMAT values.
const (
	LogJSON LogFormat = "json"
	LogText LogFormat = "text"
)

// storeKindOf returns the store a DATABASE_URL selects. Schemes are compared
// case-insensitively, as RFC 3986 says they are. "file:" is SQLite's own URI
// form, accepted so that DSNs copied from SQLite documentation work unchanged.
func storeKindOf(raw string) (StoreKind, bool) {
	schemes := [...]struct {
		prefix string
		kind   StoreKind
	}{
		{"sqlite:", StoreSQLite},
		{"file:", StoreSQLite},
		{"postgres://", StorePostgres},
		{"postgresql://", StorePostgres},
		{"mongodb://", StoreMongoDB},
		{"mongodb+srv://", StoreMongoDB},
		{"memory:", StoreMemory},
	}
	lower := strings.ToLower(raw)
	for _, s := range schemes {
		if strings.HasPrefix(lower, s.prefix) {
			return s.kind, true
		}
	}
	return "", false
}
