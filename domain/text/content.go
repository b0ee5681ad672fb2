package text

import (
	"strings"
	"unicode/utf8"

	"github.com/stagecast/stagecast/domain/errs"
)

// Content checks the multi-line text of a comment or a post, sent in the
// field named field: acceptable text (Problem), and 1 to maxLen characters
// once trimmed. It returns the trimmed text, or an Invalid error with
// required or tooLong as the message.
func Content(field, s string, maxLen int, required, tooLong string) (string, error) {
	if p := Problem(s, true); p != "" {
		return "", errs.InvalidFields(errs.FieldError{Field: field, Message: p})
	}
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return "", errs.InvalidFields(errs.FieldError{Field: field, Message: required})
	case utf8.RuneCountInString(t) > maxLen:
		return "", errs.InvalidFields(errs.FieldError{Field: field, Message: tooLong})
	}
	return t, nil
}
