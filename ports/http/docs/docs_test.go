package docs

import (
	"slices"
	"testing"
)

// wantOperations are the routes api-v1.md promises at this stage; the
// document must describe exactly these.
var wantOperations = []string{
	"DELETE /api/v1/auth/sessions/{id}",
	"DELETE /api/v1/user/history",
	"DELETE /api/v1/user/history/{videoId}",
	"DELETE /api/v1/video/{videoId}",
	"GET /api/v1/auth/check-username",
	"GET /api/v1/auth/me",
	"GET /api/v1/auth/sessions",
	"GET /api/v1/docs",
	"GET /api/v1/docs/json",
	"GET /api/v1/user/history",
	"GET /api/v1/video",
	"GET /api/v1/video/me",
	"GET /api/v1/video/{videoId}",
	"GET /health",
	"PATCH /api/v1/user/profileimage",
	"PATCH /api/v1/video/publish-status/{videoId}",
	"PATCH /api/v1/video/thumbnail/{videoId}",
	"PATCH /api/v1/video/{videoId}",
	"POST /api/v1/auth/change-password",
	"POST /api/v1/auth/forgot-password",
	"POST /api/v1/auth/login",
	"POST /api/v1/auth/logout",
	"POST /api/v1/auth/logout-all",
	"POST /api/v1/auth/refresh-token",
	"POST /api/v1/auth/register",
	"POST /api/v1/auth/resend-verification",
	"POST /api/v1/auth/reset-password",
	"POST /api/v1/auth/verify-account",
	"POST /api/v1/uploads",
	"POST /api/v1/video",
}

func TestDocumentLoadsAndValidates(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" || doc.Info.Title != "Stagecast API" {
		t.Errorf("openapi %q title %q", doc.OpenAPI, doc.Info.Title)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers = %v, want one relative server /", doc.Servers)
	}
	if got := Operations(doc); !slices.Equal(got, wantOperations) {
		t.Errorf("operations:\n got %q\nwant %q", got, wantOperations)
	}
	again, _ := Document()
	if again != doc {
		t.Error("Document parsed the document twice")
	}
	fresh, err := Load()
	if err != nil || fresh == doc {
		t.Errorf("Load = %p, %v; want a fresh copy", fresh, err)
	}
}
