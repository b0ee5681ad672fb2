package bind

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
)

// fuzzContentTypes are the bodies Body reads, and one it ignores.
var fuzzContentTypes = []string{"application/json", "application/x-www-form-urlencoded", "text/plain"}

// FuzzBind feeds any bytes to Body and Query and through a schema with
// every kind of field: each must end in values or in an Invalid or
// TooLarge error, never a panic or another kind, and no accepted string
// may hold what the text rule forbids.
func FuzzBind(f *testing.F) {
	for _, seed := range []struct {
		ctype       uint8
		body, query string
	}{
		{0, `{"title":"Salsa","description":"a\r\nb","page":"2","size":3,"flag":true}`, "title=x&page=1"},
		{0, `{"title":"\u0000","description":"\u001b"}`, "title=%00"},
		{0, "{\"title\":\"caf\xe9\"}", "title=caf%E9"},
		{0, `{"page":1e400,"size":1.5,"limit":-0}`, "page=9.3e18&size=0x10"},
		{0, `[1,2]`, "title=a&title=b"},
		{1, "title=a%0Ab&description=a%0D%0Ab&page=1e300", "description=%7F"},
		{1, "title=%ZZ", "%"},
		{2, `{"title":"x"}`, ""},
		{0, "", "page=&size=%20"},
	} {
		f.Add(seed.ctype, []byte(seed.body), seed.query)
	}
	s := NewSchema(NewValidator(),
		String("title").Trim().Check("min=1", "Title is required").Check("max=100", "Title too long"),
		String("description").Optional().MultiLine().Trim().Lower(),
		Number("page").Default(1).Between(1, 1<<31-1),
		Number("size").Optional().Int().Between(1, 1<<53-1),
		Bool("flag").Optional(),
	)
	f.Fuzz(func(t *testing.T, ctype uint8, body []byte, query string) {
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		r.Header.Set("Content-Type", fuzzContentTypes[int(ctype)%len(fuzzContentTypes)])
		r.URL.RawQuery = query
		in, err := Body(httptest.NewRecorder(), r)
		if err != nil {
			if k := errs.KindOf(err); k != errs.Invalid && k != errs.TooLarge {
				t.Fatalf("Body: kind %v: %v", k, err)
			}
		} else {
			check(t, s, in)
		}
		check(t, s, Query(r))
	})
}

func check(t *testing.T, s *Schema, in Input) {
	t.Helper()
	out, err := s.Parse(in)
	if err != nil {
		if errs.KindOf(err) != errs.Invalid || len(errs.FieldsOf(err)) == 0 {
			t.Fatalf("Parse: %v (kind %v)", err, errs.KindOf(err))
		}
		return
	}
	for _, name := range []string{"title", "description"} {
		if v, ok := out[name]; ok {
			str, isString := v.(string)
			if !isString || text.Problem(str, name == "description") != "" {
				t.Fatalf("accepted %s %q", name, v)
			}
		}
	}
	if p := out.Num("page"); p < 1 || p > 1<<31-1 {
		t.Fatalf("accepted page %v", p)
	}
	if out.Has("size") {
		if n := out.Num("size"); n < 1 || n > 1<<53-1 || n != float64(int64(n)) {
			t.Fatalf("accepted size %v", n)
		}
	}
}
