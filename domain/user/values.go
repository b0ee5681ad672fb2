package user

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
)

// Field rules, shared with the driving adapters' validators so that one rule
// has one definition.
var (
	// emailPattern is the address syntax /api/v1 clients were written against:
	// ASCII only, a dotted domain and a TLD of at least two letters.
	emailPattern    = regexp.MustCompile(`^[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+\-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`)
	usernamePattern = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)
)

// Limits on account fields.
const (
	MaxEmailLen    = 254
	MaxUsernameLen = 30
	MaxNameLen     = 100
	MaxBioLen      = 160
	MinPasswordLen = 6
	// MaxPasswordBytes is bcrypt's input limit; longer passwords would be
	// silently truncated, so they are refused instead.
	MaxPasswordBytes = 72
)

// Messages of the rules, as clients of /api/v1 show them.
const (
	MsgInvalidEmail      = "Invalid email format"
	MsgUsernameRequired  = "Username is required"
	MsgUsernameChars     = "Username can only contain letters, numbers, and underscores"
	MsgUsernameTooLong   = "Username must be at most 30 characters"
	MsgNameRequired      = "Name is required"
	MsgNameTooLong       = "Name must be at most 100 characters"
	MsgPasswordShort     = "Password must be at least 6 characters"
	MsgPasswordWeak      = "Password must contain uppercase, lowercase, and a number"
	MsgPasswordTooLong   = "Password must be at most 72 bytes"
	MsgBioTooLong        = "Bio must be less than 160 characters"
	MsgCodeFormat        = "Verification code must be 6 digits"
	MsgIdentifierMissing = "Email or username is required"
)

// ValidEmailSyntax reports whether s (already trimmed) is an acceptable address.
func ValidEmailSyntax(s string) bool {
	return len(s) <= MaxEmailLen && !strings.HasPrefix(s, ".") && !strings.Contains(s, "..") && emailPattern.MatchString(s)
}

// ValidUsernameChars reports whether s uses only letters, digits and underscores.
func ValidUsernameChars(s string) bool { return usernamePattern.MatchString(s) }

// StrongPassword reports whether p has a lower-case letter, an upper-case
// letter and a digit, and no line break.
func StrongPassword(p string) bool {
	var lower, upper, digit bool
	for _, r := range p {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return false
		case 'a' <= r && r <= 'z':
			lower = true
		case 'A' <= r && r <= 'Z':
			upper = true
		case '0' <= r && r <= '9':
			digit = true
		}
	}
	return lower && upper && digit
}

// Email is a normalized (trimmed, lower-case) e-mail address.
type Email string

// ParseEmail trims, lower-cases and checks an address.
func ParseEmail(s string) (Email, error) {
	if p := text.Problem(s, false); p != "" {
		return "", errs.InvalidFields(errs.FieldError{Field: "email", Message: p})
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if !ValidEmailSyntax(s) {
		return "", errs.InvalidFields(errs.FieldError{Field: "email", Message: MsgInvalidEmail})
	}
	return Email(s), nil
}

func (e Email) String() string { return string(e) }

// Username is a normalized (trimmed, lower-case) handle.
type Username string

// ParseUsername trims, checks and lower-cases a handle.
func ParseUsername(s string) (Username, error) {
	if p := text.Problem(s, false); p != "" {
		return "", errs.InvalidFields(errs.FieldError{Field: "username", Message: p})
	}
	s = strings.TrimSpace(s)
	var fields []errs.FieldError
	if s == "" {
		fields = append(fields, errs.FieldError{Field: "username", Message: MsgUsernameRequired})
	}
	if !ValidUsernameChars(s) {
		fields = append(fields, errs.FieldError{Field: "username", Message: MsgUsernameChars})
	}
	if len(s) > MaxUsernameLen {
		fields = append(fields, errs.FieldError{Field: "username", Message: MsgUsernameTooLong})
	}
	if fields != nil {
		return "", errs.InvalidFields(fields...)
	}
	return Username(strings.ToLower(s)), nil
}

func (u Username) String() string { return string(u) }

// ParseName trims and checks a display name. Control characters are
// refused before trimming, as the API's validation does.
func ParseName(s string) (string, error) {
	if p := text.Problem(s, false); p != "" {
		return "", errs.InvalidFields(errs.FieldError{Field: "name", Message: p})
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", errs.InvalidFields(errs.FieldError{Field: "name", Message: MsgNameRequired})
	case utf8.RuneCountInString(s) > MaxNameLen:
		return "", errs.InvalidFields(errs.FieldError{Field: "name", Message: MsgNameTooLong})
	}
	return s, nil
}

// ParseBio trims and checks a biography; an empty one is allowed. Line
// breaks are allowed, other control characters are not.
func ParseBio(s string) (string, error) {
	if p := text.Problem(s, true); p != "" {
		return "", errs.InvalidFields(errs.FieldError{Field: "bio", Message: p})
	}
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxBioLen {
		return "", errs.InvalidFields(errs.FieldError{Field: "bio", Message: MsgBioTooLong})
	}
	return s, nil
}

// CheckPassword applies the password policy to a new password. Passwords are
// never trimmed.
func CheckPassword(field, p string) error {
	var fields []errs.FieldError
	if utf8.RuneCountInString(p) < MinPasswordLen {
		fields = append(fields, errs.FieldError{Field: field, Message: MsgPasswordShort})
	}
	if !StrongPassword(p) {
		fields = append(fields, errs.FieldError{Field: field, Message: MsgPasswordWeak})
	}
	if len(p) > MaxPasswordBytes {
		fields = append(fields, errs.FieldError{Field: field, Message: MsgPasswordTooLong})
	}
	if fields != nil {
		return errs.InvalidFields(fields...)
	}
	return nil
}
