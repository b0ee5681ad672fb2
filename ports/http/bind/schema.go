package bind

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
)

// Schema is an ordered list of fields.
type Schema struct {
	v      *validator.Validate
	fields []*Field
}

// Field is one field's type and steps.
type Field struct {
	name      string
	typ       string // "string", "boolean" or "number"
	optional  bool
	multiline bool
	steps     []step
	// For numbers: the default when absent, inclusive bounds, and whether
	// only integers are accepted.
	def      *float64
	min, max *float64
	integer  bool
}

type step struct {
	transform func(string) string
	tag       string // validator tag, when a check
	message   string
}

// String declares a required string field.
func String(name string) *Field { return &Field{name: name, typ: "string"} }

// Bool declares a required boolean field.
func Bool(name string) *Field { return &Field{name: name, typ: "boolean"} }

// Number declares a number field that, like the query validators clients
// were written against, also accepts a numeric string ("10", "1e2",
// "0x10"). It is required unless Default or Optional is used.
func Number(name string) *Field { return &Field{name: name, typ: "number"} }

// Default makes a number field optional with value d.
func (f *Field) Default(d float64) *Field { f.def = &d; f.optional = true; return f }

// Between bounds a number field. Numbers that must become integers need
// both bounds, so that no value is converted out of range.
func (f *Field) Between(lo, hi float64) *Field { f.min, f.max = &lo, &hi; return f }

// Int accepts only whole numbers ("2", "1e3"; not "2.5").
func (f *Field) Int() *Field { f.integer = true; return f }

// Optional lets the field be absent (but not null).
func (f *Field) Optional() *Field { f.optional = true; return f }

// MultiLine lets a string field hold line breaks (LF and CR, as browsers
// send a textarea's CRLF). Every string field refuses invalid UTF-8 and the
// other control characters but tab, before any other step.
func (f *Field) MultiLine() *Field { f.multiline = true; return f }

// Trim removes surrounding white space.
func (f *Field) Trim() *Field {
	f.steps = append(f.steps, step{transform: strings.TrimSpace})
	return f
}

// Lower lower-cases the value.
func (f *Field) Lower() *Field {
	f.steps = append(f.steps, step{transform: strings.ToLower})
	return f
}

// Check runs the validator tag on the value and reports message on failure.
func (f *Field) Check(tag, message string) *Field {
	f.steps = append(f.steps, step{tag: tag, message: message})
	return f
}

// NewSchema builds a schema whose checks run on v.
func NewSchema(v *validator.Validate, fields ...*Field) *Schema {
	return &Schema{v: v, fields: fields}
}

// number coerces and checks a number field, returning a message on failure.
func (f *Field) number(raw any, present bool) (float64, string) {
	var n float64
	switch v := raw.(type) {
	case json.Number:
		x, err := v.Float64()
		if err != nil && !math.IsInf(x, 0) { // 1e400 reads as Infinity, as in JavaScript
			return 0, "Invalid input: expected number, received NaN"
		}
		n = x
	case string:
		if problem := text.Problem(v, false); problem != "" {
			// A number is text on one line, like any other field.
			return 0, problem
		}
		x, ok := coerceNumber(v)
		if !ok {
			return 0, "Invalid input: expected number, received NaN"
		}
		n = x
	default:
		if !present {
			return 0, "Invalid input: expected number, received undefined"
		}
		return 0, "Invalid input: expected number, received NaN"
	}
	if math.IsInf(n, 0) {
		return 0, "Invalid input: expected number, received number"
	}
	if f.integer && n != math.Trunc(n) {
		return 0, "Invalid input: expected int, received number"
	}
	if f.min != nil && n < *f.min {
		return 0, "Too small: expected number to be >=" + strconv.FormatFloat(*f.min, 'f', -1, 64)
	}
	if f.max != nil && n > *f.max {
		return 0, "Too big: expected number to be <=" + strconv.FormatFloat(*f.max, 'f', -1, 64)
	}
	return n, ""
}

// coerceNumber reads a string as JavaScript's Number() does for the forms
// that matter: decimal, exponent, hex/octal/binary integer literals, and
// blank as 0.
func coerceNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if len(s) > 2 && s[0] == '0' && strings.ContainsRune("xXoObB", rune(s[1])) {
		n, err := strconv.ParseInt(s, 0, 64)
		return float64(n), err == nil
	}
	if strings.ContainsAny(s, "_xXpP") || strings.EqualFold(s, "nan") || strings.Contains(strings.ToLower(s), "inf") {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	// Out of range reads as ±Infinity or 0, as in JavaScript.
	return n, err == nil || errors.Is(err, strconv.ErrRange)
}

// Fields makes an Input of already decoded values, such as the text fields
// of a multipart form.
func Fields(m map[string]any) Input { return Input{kind: "object", fields: m} }

// Values are the checked, transformed fields of an input.
type Values map[string]any

// Str returns a string field ("" when absent).
func (v Values) Str(name string) string { s, _ := v[name].(string); return s }

// Has reports whether a field was present.
func (v Values) Has(name string) bool { _, ok := v[name]; return ok }

// Num returns a number field (0 when absent).
func (v Values) Num(name string) float64 { n, _ := v[name].(float64); return n }

// StrPtr returns a string field, or nil when absent.
func (v Values) StrPtr(name string) *string {
	s, ok := v[name].(string)
	if !ok {
		return nil
	}
	return &s
}

// BoolPtr returns a boolean field, or nil when absent.
func (v Values) BoolPtr(name string) *bool {
	b, ok := v[name].(bool)
	if !ok {
		return nil
	}
	return &b
}

// Parse checks in and returns its values, or an Invalid error listing every
// broken rule in field order. Unknown keys are ignored.
func (s *Schema) Parse(in Input) (Values, error) {
	if in.kind != "object" {
		kind := in.kind
		if kind == "" {
			kind = "undefined" // the zero Input is an absent body
		}
		return nil, errs.InvalidFields(errs.FieldError{Field: "body", Message: "Invalid input: expected object, received " + kind})
	}
	out := Values{}
	var problems []errs.FieldError
	for _, f := range s.fields {
		raw, present := in.fields[f.name]
		if !present && f.optional {
			if f.def != nil {
				out[f.name] = *f.def
			}
			continue
		}
		if f.typ == "number" {
			n, problem := f.number(raw, present)
			if problem != "" {
				problems = append(problems, errs.FieldError{Field: f.name, Message: problem})
				continue
			}
			out[f.name] = n
			continue
		}
		got := "undefined"
		if present {
			got = typeName(raw)
		}
		if got != f.typ {
			problems = append(problems, errs.FieldError{Field: f.name, Message: "Invalid input: expected " + f.typ + ", received " + got})
			continue
		}
		if f.typ == "boolean" {
			out[f.name] = raw.(bool)
			continue
		}
		val := raw.(string)
		if problem := text.Problem(val, f.multiline); problem != "" {
			// The other checks would only describe bytes no one can use.
			problems = append(problems, errs.FieldError{Field: f.name, Message: problem})
			continue
		}
		for _, st := range f.steps {
			if st.transform != nil {
				val = st.transform(val)
				continue
			}
			if err := s.v.Var(val, st.tag); err != nil {
				problems = append(problems, errs.FieldError{Field: f.name, Message: st.message})
			}
		}
		out[f.name] = val
	}
	if problems != nil {
		return nil, errs.InvalidFields(problems...)
	}
	return out, nil
}
