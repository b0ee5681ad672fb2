package bind

import (
	"encoding/json"
	"testing"

	"github.com/stagecast/stagecast/domain/errs"
)

func TestNumbers(t *testing.T) {
	t.Parallel()
	const maxSafe = 1<<53 - 1
	size := NewSchema(NewValidator(), Number("n").Int().Between(1, maxSafe))
	page := NewSchema(NewValidator(), Number("n").Default(1).Between(1, 1<<31-1))
	for _, tc := range []struct {
		name   string
		schema *Schema
		raw    any
		want   float64
		msg    string
	}{
		{"size", size, json.Number("629"), 629, ""},
		{"size exponent", size, json.Number("1e3"), 1000, ""},
		{"size at the bound", size, json.Number("9007199254740991"), maxSafe, ""},
		{"size string", size, "42", 42, ""},
		{"size fraction", size, json.Number("1.5"), 0, "Invalid input: expected int, received number"},
		{"size fraction string", size, "2.5", 0, "Invalid input: expected int, received number"},
		{"size past the bound", size, json.Number("9007199254740993"), 0, "Too big: expected number to be <=9007199254740991"},
		{"size 1e300", size, json.Number("1e300"), 0, "Too big: expected number to be <=9007199254740991"},
		{"size 1e400", size, json.Number("1e400"), 0, "Invalid input: expected number, received number"},
		{"size -1e300", size, json.Number("-1e300"), 0, "Too small: expected number to be >=1"},
		{"size zero", size, json.Number("0"), 0, "Too small: expected number to be >=1"},
		{"page", page, "3", 3, ""},
		{"page fraction", page, "2.9", 2.9, ""}, // read leniently, as the lists always did
		{"page 9.3e18", page, "9.3e18", 0, "Too big: expected number to be <=2147483647"},
		{"page past int64", page, "1e19", 0, "Too big: expected number to be <=2147483647"},
		{"page at the bound", page, "2147483647", 1<<31 - 1, ""},
	} {
		out, err := tc.schema.Parse(Input{kind: "object", fields: map[string]any{"n": tc.raw}})
		if tc.msg != "" {
			if errs.KindOf(err) != errs.Invalid || errs.PublicMessage(err) != tc.msg {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.msg)
			}
			continue
		}
		if err != nil || out.Num("n") != tc.want {
			t.Errorf("%s: %v %v, want %v", tc.name, out.Num("n"), err, tc.want)
		}
	}
}
