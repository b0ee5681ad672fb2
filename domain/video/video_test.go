package video

import (
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
)

func TestParseDetails(t *testing.T) {
	t.Parallel()
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		name        string
		title       string
		description *string
		wantTitle   string
		wantDesc    *string
		problems    []string // "field: message"
	}{
		{"trimmed", "  Salsa night ", str(" steps\r\nand turns\n"), "Salsa night", str("steps\r\nand turns"), nil},
		{"no description", "Salsa", nil, "Salsa", nil, nil},
		{"tab in title", "Salsa\tnight", nil, "Salsa\tnight", nil, nil},
		{"blank title", "   ", nil, "", nil, []string{"title: " + MsgTitleRequired}},
		{"long title", strings.Repeat("é", MaxTitleLen+1), nil, "", nil, []string{"title: " + MsgTitleTooLong}},
		{"NUL in title", "Salsa\x00", nil, "", nil, []string{"title: " + text.MsgControl}},
		{"line break in title", "Salsa\nnight", nil, "", nil, []string{"title: " + text.MsgControl}},
		{"invalid UTF-8 in title", "Sals\xe1", nil, "", nil, []string{"title: " + text.MsgEncoding}},
		{"NUL in description", "Salsa", str("a\x00b"), "", nil, []string{"description: " + text.MsgControl}},
		{"escape in description", "Salsa", str("\x1b[2J"), "", nil, []string{"description: " + text.MsgControl}},
		{"invalid UTF-8 in description", "Salsa", str("\xff"), "", nil, []string{"description: " + text.MsgEncoding}},
		{"both", "\x00", str("\x01"), "", nil, []string{"title: " + text.MsgControl, "description: " + text.MsgControl}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			title, desc, err := ParseDetails(tc.title, tc.description)
			var problems []string
			for _, f := range errs.FieldsOf(err) {
				problems = append(problems, f.Field+": "+f.Message)
			}
			if strings.Join(problems, "|") != strings.Join(tc.problems, "|") {
				t.Fatalf("problems %q, want %q", problems, tc.problems)
			}
			if err != nil {
				return
			}
			if title != tc.wantTitle || (desc == nil) != (tc.wantDesc == nil) || desc != nil && *desc != *tc.wantDesc {
				t.Fatalf("got %q %v", title, desc)
			}
		})
	}
}

func TestUnpublish(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v := FromStored(Stored{ID: "a", Owner: "o", Published: true, CreatedAt: created, UpdatedAt: created})
	later := created.Add(time.Hour)
	if !v.Unpublish(later) || v.Published() || !v.UpdatedAt().Equal(later) {
		t.Fatalf("unpublishing a published video: published %v, updated %v", v.Published(), v.UpdatedAt())
	}
	if v.Unpublish(later.Add(time.Hour)) || !v.UpdatedAt().Equal(later) {
		t.Fatalf("unpublishing again changed the video: updated %v", v.UpdatedAt())
	}
	if v.VisibleTo("someone") || !v.VisibleTo("o") {
		t.Fatal("an unpublished video is for its owner only")
	}
}
