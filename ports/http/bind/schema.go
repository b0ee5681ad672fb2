package bind

import (
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/domain/errs"
)

// Schema is an ordered list of fields.
type Schema struct {
	v      *validator.Validate
	fields []*Field
}

// Field is one field's type and steps.
type Field struct {
	name     string
	typ      string // "string" or "boolean"
	optional bool
	steps    []step
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

// Optional lets the field be absent (but not null).
func (f *Field) Optional() *Field { f.optional = true; return f }

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

// Values are the checked, transformed fields of an input.
type Values map[string]any

// Str returns a string field ("" when absent).
func (v Values) Str(name string) string { s, _ := v[name].(string); return s }

// Has reports whether a field was present.
func (v Values) Has(name string) bool { _, ok := v[name]; return ok }

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
		return nil, errs.InvalidFields(errs.FieldError{Field: "body", Message: "Invalid input: expected object, received " + in.kind})
	}
	out := Values{}
	var problems []errs.FieldError
	for _, f := range s.fields {
		raw, present := in.fields[f.name]
		if !present && f.optional {
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
