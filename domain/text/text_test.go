package text

import "testing"

func TestProblem(t *testing.T) {
	for _, tc := range []struct {
		in        string
		multiline bool
		want      string
	}{
		{"plain words, ünïcødé ✓", false, ""},
		{"tab\tinside", false, ""},
		{"", false, ""},
		{"nul\x00", false, MsgControl},
		{"\x00", true, MsgControl},
		{"bell\a", false, MsgControl},
		{"escape\x1b[31m", true, MsgControl},
		{"unit\x1f", false, MsgControl},
		{"line\nbreak", false, MsgControl},
		{"line\r\nbreak", false, MsgControl},
		{"line\nbreak", true, ""},
		{"line\r\nbreak\r\n", true, ""},
		{"vertical\vtab", true, MsgControl},
		{"form\ffeed", true, MsgControl},
		{"del\x7f", false, ""}, // not a C0 character
		{"next line\u0085", true, MsgControl},
		{"csi\u009b31m", false, MsgControl},
		{"a0\u00a0nbsp", false, ""},
		{"right-to-left \u202eevE", false, ""},
		{"caf\xe9", false, MsgEncoding},
		{"\xff", true, MsgEncoding},
		{"half \xe2\x82", false, MsgEncoding},
		{"\xed\xa0\x80", false, MsgEncoding}, // a UTF-16 surrogate
	} {
		if got := Problem(tc.in, tc.multiline); got != tc.want {
			t.Errorf("Problem(%q, %v) = %q, want %q", tc.in, tc.multiline, got, tc.want)
		}
	}
}

func TestStorable(t *testing.T) {
	for in, want := range map[string]bool{
		"ok":          true,
		"line\nbreak": true,
		"":            true,
		"a\x00b":      false,
		"caf\xe9":     false,
	} {
		if got := Storable(in); got != want {
			t.Errorf("Storable(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzProblem(f *testing.F) {
	for _, s := range []string{"", "ok", "a\x00", "a\nb", "\r\n", "\xff", "✓\t"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		if Problem(s, multiline) != "" {
			return
		}
		if !Storable(s) {
			t.Fatalf("accepted %q, which no store can keep", s)
		}
		for _, r := range s {
			if r < 0x20 && r != '\t' && !(multiline && (r == '\n' || r == '\r')) {
				t.Fatalf("accepted %q with control character %U", s, r)
			}
		}
	})
}
