package bind

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
)

// textSchema has a single-line and a multi-line field.
func textSchema() *Schema {
	return NewSchema(NewValidator(),
		String("title").Trim().Check("min=1", "Title is required"),
		String("description").Optional().MultiLine().Trim(),
	)
}

// TestControlCharactersAreRefused covers every way a string reaches a
// schema: JSON (raw or escaped), form bodies, query strings and already
// decoded fields such as multipart text.
func TestControlCharactersAreRefused(t *testing.T) {
	t.Parallel()
	type source func(title, description string) Input
	sources := map[string]source{
		"json": func(title, description string) Input {
			return mustBody(t, "application/json", `{"title":`+jsonString(title)+`,"description":`+jsonString(description)+`}`)
		},
		"form": func(title, description string) Input {
			return mustBody(t, "application/x-www-form-urlencoded", url.Values{"title": {title}, "description": {description}}.Encode())
		},
		"query": func(title, description string) Input {
			r := httptest.NewRequest("GET", "/?"+url.Values{"title": {title}, "description": {description}}.Encode(), nil)
			return Query(r)
		},
		"fields": func(title, description string) Input {
			return Fields(map[string]any{"title": title, "description": description})
		},
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				title, description string
				problems           []string // "field: message"
			}{
				{"Salsa\tnight", "steps\r\nand\nturns", nil},
				{"Salsa\x00", "ok", []string{"title: " + text.MsgControl}},
				{"Salsa", "a\x00b", []string{"description: " + text.MsgControl}},
				{"Salsa\n", "ok", []string{"title: " + text.MsgControl}}, // refused before trimming
				{"Sal\rsa", "ok", []string{"title: " + text.MsgControl}},
				{"\x1b[2J", "\x07", []string{"title: " + text.MsgControl, "description: " + text.MsgControl}},
				{"Salsa", "\x0b", []string{"description: " + text.MsgControl}},
			} {
				out, err := textSchema().Parse(src(tc.title, tc.description))
				if got := problemsOf(err); strings.Join(got, "|") != strings.Join(tc.problems, "|") {
					t.Errorf("%q %q: problems %q, want %q", tc.title, tc.description, got, tc.problems)
					continue
				}
				if err == nil && (out.Str("title") != tc.title || out.Str("description") != strings.TrimSpace(tc.description)) {
					t.Errorf("%q %q: values %v", tc.title, tc.description, out)
				}
				if err != nil && errs.KindOf(err) != errs.Invalid {
					t.Errorf("kind %v", errs.KindOf(err))
				}
			}
		})
	}
}

func TestInvalidUTF8IsRefused(t *testing.T) {
	t.Parallel()
	// A form, a query or a multipart field carries raw bytes: the field
	// that holds them is named.
	for name, in := range map[string]Input{
		"form":   mustBody(t, "application/x-www-form-urlencoded", "title=caf%E9&description=ok"),
		"query":  Query(httptest.NewRequest("GET", "/?title=caf%E9", nil)),
		"fields": Fields(map[string]any{"title": "caf\xe9"}),
	} {
		_, err := textSchema().Parse(in)
		if got := problemsOf(err); strings.Join(got, "|") != "title: "+text.MsgEncoding {
			t.Errorf("%s: problems %q", name, got)
		}
	}
	// JSON must be UTF-8 as a whole; the decoder would otherwise replace
	// the bytes with U+FFFD without a word.
	r := httptest.NewRequest("POST", "/", strings.NewReader("{\"title\":\"caf\xe9\"}"))
	r.Header.Set("Content-Type", "application/json")
	_, err := Body(httptest.NewRecorder(), r)
	if got := problemsOf(err); strings.Join(got, "|") != "body: "+text.MsgEncoding {
		t.Errorf("json: problems %q (%v)", got, err)
	}
}

func mustBody(t *testing.T, ctype, body string) Input {
	t.Helper()
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", ctype)
	in, err := Body(httptest.NewRecorder(), r)
	if err != nil {
		t.Fatalf("%s %q: %v", ctype, body, err)
	}
	return in
}

// jsonString writes s as a JSON string with every control character
// escaped, as a well-behaved client would send it.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func problemsOf(err error) []string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Field+": "+f.Message)
	}
	return out
}
