package v1_test

import (
	"strings"
	"testing"

	domaintext "github.com/stagecast/stagecast/domain/text"
)

// expectFieldError fails unless r is a 400 validation error whose only
// entry is field with message.
func expectFieldError(t *testing.T, r *resp, field, message string) {
	t.Helper()
	r.expect(t, 400, message)
	list, _ := r.Body["errors"].([]any)
	if len(list) != 1 {
		t.Fatalf("errors %v", r.Body["errors"])
	}
	if e, _ := list[0].(map[string]any); e["field"] != field || e["message"] != message {
		t.Fatalf("errors %v, want %s: %s", list, field, message)
	}
}

// TestControlCharactersAreRefusedOnEveryRoute sends NUL, other control
// characters and invalid UTF-8 through JSON, form, query and multipart
// fields, on every store: each is a 400 naming the field, and nothing is
// stored.
func TestControlCharactersAreRefusedOnEveryRoute(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := e.member("ada")
		guest := e.client()

		expectFieldError(t, guest.do("POST", "/api/v1/auth/login", `{"identifier":"ada\u0000","password":"Secret123"}`),
			"identifier", domaintext.MsgControl)
		expectFieldError(t, guest.send("POST", "/api/v1/auth/login", strings.NewReader("identifier=ada%00&password=x"),
			"application/x-www-form-urlencoded"), "identifier", domaintext.MsgControl)
		expectFieldError(t, guest.send("POST", "/api/v1/auth/login", strings.NewReader("identifier=ada%FF&password=x"),
			"application/x-www-form-urlencoded"), "identifier", domaintext.MsgEncoding)
		expectFieldError(t, guest.do("POST", "/api/v1/auth/login", "{\"identifier\":\"ad\xe1\",\"password\":\"x\"}"),
			"body", domaintext.MsgEncoding)
		expectFieldError(t, guest.do("POST", "/api/v1/auth/register", registerBody("Eve\x00", "eve@example.com", "eve")),
			"name", domaintext.MsgControl)
		expectFieldError(t, guest.do("POST", "/api/v1/auth/register", registerBody("Eve\u0085evE", "eve@example.com", "eve")),
			"name", domaintext.MsgControl)
		expectFieldError(t, guest.do("POST", "/api/v1/auth/forgot-password", `{"email":"ada@example.com\u0000"}`),
			"email", domaintext.MsgControl)
		expectFieldError(t, guest.do("GET", "/api/v1/auth/check-username?username=ada%00", nil), "username", domaintext.MsgControl)
		expectFieldError(t, ada.do("GET", "/api/v1/video?query=%00", nil), "query", domaintext.MsgControl)
		expectFieldError(t, ada.do("GET", "/api/v1/video?query=caf%E9", nil), "query", domaintext.MsgEncoding)
		expectFieldError(t, ada.do("GET", "/api/v1/video?cursor=%1b", nil), "cursor", domaintext.MsgControl)
		expectFieldError(t, ada.do("GET", "/api/v1/video/me?cursor=%00", nil), "cursor", domaintext.MsgControl)
		expectFieldError(t, ada.do("GET", "/api/v1/video/me?cursor=%FF", nil), "cursor", domaintext.MsgEncoding)
		if n := e.mail.count("eve@example.com"); n != 0 {
			t.Fatalf("%d mails for refused sign-ups", n)
		}

		// Video details: the title is one line, the description may hold
		// the CRLF a browser's textarea sends, and nothing else.
		body, ct := form(t, text("title", "Salsa\x00"), file("video", "v.mp4", fixture(t, "moov-first.mp4")), file("thumbnail", "t.png", fixture(t, "image.png")))
		expectFieldError(t, ada.send("POST", "/api/v1/video", body, ct), "title", domaintext.MsgControl)
		body, ct = form(t, text("title", "Salsa"), text("description", "a\x07b"), file("video", "v.mp4", fixture(t, "moov-first.mp4")), file("thumbnail", "t.png", fixture(t, "image.png")))
		expectFieldError(t, ada.send("POST", "/api/v1/video", body, ct), "description", domaintext.MsgControl)
		if files := e.mediaFiles(); len(files) != 0 {
			t.Fatalf("refused uploads left %v", files)
		}
		vid := ada.newVideo(t, "Salsa", false)
		expectFieldError(t, ada.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "Salsa\x00"}), "title", domaintext.MsgControl)
		expectFieldError(t, ada.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "Salsa\r\nnight"}), "title", domaintext.MsgControl)
		r := ada.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "Salsa\tnight", "description": "Steps\r\nand turns"}).
			expect(t, 200, "Video updated successfully")
		if d := r.data(); d["title"] != "Salsa\tnight" || d["description"] != "Steps\r\nand turns" {
			t.Fatalf("updated %v", d)
		}
		got := ada.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
		if d := got.data(); d["description"] != "Steps\r\nand turns" {
			t.Fatalf("stored description %q", d["description"])
		}
	})
}

// The lists that read page and limit leniently, as the reference does,
// still refuse values no text field may hold, and so do number fields.
func TestControlCharactersInNumbers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada := e.member("ada")
	for _, path := range []string{
		"/api/v1/video/me?limit=5%00", "/api/v1/video/me?page=2%01", "/api/v1/video/me?page=%FF",
		"/api/v1/user/history?limit=3%1F", "/api/v1/video?page=1%0A", "/api/v1/video?limit=5%0D",
	} {
		if r := ada.do("GET", path, nil); r.Status != 400 {
			t.Errorf("GET %s: %d %s", path, r.Status, r.Raw)
		}
	}
	ada.do("GET", "/api/v1/video/me?limit=5&page=1", nil).expect(t, 200, "videos fetched successfully")
	ada.do("GET", "/api/v1/user/history?limit=abc", nil).expect(t, 200, "Watch history fetched successfully")
}
