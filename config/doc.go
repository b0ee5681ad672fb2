// Package config is the one place where Stagecast reads its settings: every
// environment variable is parsed once at start into a typed, validated
// [Config], and nothing else in the program looks at the environment.
//
// [Load] is the core: it takes a lookup function instead of reading the
// process environment, so tests feed it a map and never touch global state.
// [FromOS] is the thin production wrapper that merges an optional .env file
// with the real environment and calls Load.
//
// Every problem is reported at once, each naming its variable, for example
//
//	config: PORT: must be a number between 1 and 65535, got "abc"
//	config: MAIL_FROM: must be an address such as "Stagecast <no-reply@example.com>", got "nobody"
//
// so that a deployment can be fixed in one pass rather than one restart per
// mistake. An empty value counts as unset and takes the default, because
// orchestrators and .env templates commonly write NAME= for "not configured".
//
// The fields are grouped by the part of the program that uses them:
//
//   - top level: APP_ENV, DATA_DIR, DATABASE_URL, BROKER, REDIS_URL
//   - [HTTP]: listener, public URL, CORS, cookies, proxies, shutdown
//   - [Auth]: token secret and lifetimes, session cache, bcrypt cost
//   - [Storage]: media adapter and the settings of each adapter
//   - [Mail]: mail adapter, sender, SMTP and Resend settings
//   - [Log]: level and format
//   - [Limits]: rate limits, view de-duplication and upload sizes
//
// Secrets are held in [Secret] and [SecretURL], which mask themselves in
// fmt, encoding/json and log/slog output; the real value is only available
// through their Reveal method, so a leak needs a deliberate call.
// [Variables] lists every variable with its default, for documentation.
package config
