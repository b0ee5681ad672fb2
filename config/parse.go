package config

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// VarError reports one variable whose value is missing or invalid. [Load]
// joins one per problem; use errors.As to get the first, or the joined
// error's Unwrap() []error to get them all.
type VarError struct {
	// Name is the variable, for example "PORT".
	Name string
	// Reason says what is wrong and what would be accepted. It never
	// contains a secret's value.
	Reason string
}

// Error returns "config: NAME: reason".
func (e *VarError) Error() string { return "config: " + e.Name + ": " + e.Reason }

// problems collects every VarError of one Load, so that an operator fixes a
// deployment in one pass instead of one restart per mistake.
type problems struct{ errs []*VarError }

// add records that variable name is wrong.
func (p *problems) add(name, format string, args ...any) {
	p.errs = append(p.errs, &VarError{Name: name, Reason: fmt.Sprintf(format, args...)})
}

// err returns the joined problems, or nil when there are none.
func (p *problems) err() error {
	errs := make([]error, len(p.errs))
	for i, e := range p.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// sortByName orders the problems as vars lists their variables, which is
// the documented order, rather than the order the checks happen to run in.
// The sort is stable so that several problems of one variable keep theirs.
func (p *problems) sortByName(vars []env.FieldParams) {
	rank := make(map[string]int, len(vars))
	for i, v := range vars {
		rank[v.Key] = i
	}
	slices.SortStableFunc(p.errs, func(a, b *VarError) int {
		return cmp.Compare(rank[a.Name], rank[b.Name])
	})
}

// intBetween parses raw as an integer in [lo, hi].
func (p *problems) intBetween(name, raw string, lo, hi int) int {
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || n < lo || n > hi {
		p.add(name, "must be a number between %d and %d, got %q", lo, hi, raw)
		return 0
	}
	return n
}

// atLeast parses raw as an integer of at least lo. It returns int64 because
// byte sizes are the largest values parsed here.
func (p *problems) atLeast(name, raw string, lo int64) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || n < lo {
		p.add(name, "must be a whole number of at least %d, got %q", lo, raw)
		return 0
	}
	return n
}

// positiveDuration parses raw with [parseDuration] and requires it to be
// greater than zero: a zero lifetime or window would disable the feature in
// a way that looks like a bug rather than a setting.
func (p *problems) positiveDuration(name, raw string) time.Duration {
	d, err := parseDuration(strings.TrimSpace(raw))
	if err != nil {
		p.add(name, "must be a duration such as 15m, 1h30m or 7d, got %q", raw)
		return 0
	}
	if d <= 0 {
		p.add(name, "must be greater than zero, got %q", raw)
		return 0
	}
	return d
}

// durationBetween parses raw with [parseDuration] and requires it to be
// from lo to hi, both included.
func (p *problems) durationBetween(name, raw string, lo, hi time.Duration) time.Duration {
	d, err := parseDuration(strings.TrimSpace(raw))
	if err != nil || d < lo || d > hi {
		p.add(name, "must be a duration from %s to %s, got %q", lo, hi, raw)
		return 0
	}
	return d
}

// oneOf returns raw as a T when it is one of allowed. Matching is exact:
// the accepted spellings are listed in the error, so a typo is easy to fix,
// and one spelling per value keeps configs greppable.
func oneOf[T ~string](p *problems, name, raw string, allowed ...T) T {
	v := T(strings.TrimSpace(raw))
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	p.add(name, "must be one of %s, got %q", strings.Join(names, ", "), raw)
	return ""
}

// required reports name as missing when value is empty, naming the setting
// that made it necessary.
func (p *problems) required(name, value, because string) {
	if value == "" {
		p.add(name, "is required when %s", because)
	}
}

// maxDays keeps day counts small enough that n*24h cannot overflow.
const maxDays = math.MaxInt64 / int64(24*time.Hour)

// parseDuration accepts Go durations ("15m", "1h30m") and a whole number of
// days ("30d"), since token lifetimes are naturally counted in days and Go
// has no day unit.
func parseDuration(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok && days != "" && isDigits(days) {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n > maxDays {
			return 0, fmt.Errorf("duration %q is too long", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// isDigits reports whether s is made of ASCII digits only.
func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parseHTTPURL checks that raw is an absolute http(s) URL that other paths
// can be appended to, and returns it without trailing slashes. Query,
// fragment and credentials are refused because appending to them would
// produce broken or leaking URLs.
func parseHTTPURL(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	u, err := url.Parse(s)
	if err != nil || !isHTTPScheme(u.Scheme) || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", false
	}
	return strings.TrimRight(s, "/"), true
}

// parseOrigin checks that raw is a browser origin (scheme://host[:port]) and
// returns it lower-cased, the form browsers send in the Origin header, so
// that an exact string comparison matches. A lone trailing slash is dropped
// since it does not change the origin.
func parseOrigin(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || !isHTTPScheme(u.Scheme) || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}

// isHTTPScheme reports whether scheme is http or https, in any case.
func isHTTPScheme(scheme string) bool {
	s := strings.ToLower(scheme)
	return s == "http" || s == "https"
}

// isHostname reports whether s looks like a DNS name (letters, digits, '-'
// and '.', optionally with the leading dot of old cookie syntax). It guards
// COOKIE_DOMAIN, which is copied verbatim into Set-Cookie headers where a
// ';' or space would inject attributes.
func isHostname(s string) bool {
	s = strings.TrimPrefix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
