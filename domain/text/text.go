// Package text holds the rule every text a client sends must pass before it
// is kept or looked up: valid UTF-8, without control characters (C0 but for
// tab and, in multi-line text, line breaks; and C1). Stores refuse such
// bytes in their own ways (PostgreSQL rejects NUL and invalid UTF-8, query
// builders cannot quote NUL), and terminals and logs act on them. Format
// characters such as the bidirectional marks stay allowed: text in
// right-to-left scripts needs them.
package text

import "unicode/utf8"

// Messages of the rule, as clients of /api/v1 show them.
const (
	MsgControl  = "Invalid input: control characters are not allowed"
	MsgEncoding = "Invalid input: expected UTF-8 text"
)

// Problem returns why s is not acceptable text, or "" when it is. A single
// line allows tab as its only C0 control character; multi-line text (a
// description, a comment) also allows line feed and carriage return, since
// browsers submit a textarea's line breaks as CRLF. C1 control characters
// (U+0080 to U+009F) are refused everywhere.
func Problem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return MsgEncoding
	}
	for i := 0; i < len(s); i++ {
		// Every byte of a multi-byte rune is >= 0x80, so scanning bytes
		// finds exactly the C0 characters; C1 ones are encoded as 0xC2
		// followed by 0x80 to 0x9F.
		c := s[i]
		if c < 0x20 && c != '\t' && !(multiline && (c == '\n' || c == '\r')) {
			return MsgControl
		}
		if c == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F {
			return MsgControl
		}
	}
	return ""
}

// Storable reports whether s can be kept or compared by every store: valid
// UTF-8 without NUL. It is the least a store relies on; Problem is the rule
// for what clients may send.
func Storable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return false
		}
	}
	return utf8.ValidString(s)
}
