package supabase

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/app"
)

func answer(status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body))}
}

func TestAPIError(t *testing.T) {
	const key = "videos/64b0/64b1.mp4"
	for _, c := range []struct {
		status   int
		body     string
		notFound bool
		text     string
	}{
		{404, `{"statusCode":"404","error":"not_found","message":"Object not found"}`, true, "status 404: not_found: Object not found"},
		{400, `{"statusCode":"404","error":"not_found","message":"Object not found"}`, true, "status 400 (statusCode 404): not_found: Object not found"},
		{400, `{"statusCode":404,"error":"not_found","message":"Object not found"}`, true, "status 400 (statusCode 404)"},
		{404, `{"statusCode":"404","error":"Bucket not found","message":"Bucket not found"}`, false, "status 404: Bucket not found"},
		{400, `{"statusCode":"400","error":"InvalidKey","message":"Invalid key: ` + key + `"}`, false, "Invalid key: <key>"},
		{403, `{"statusCode":"403","error":"Unauthorized","message":"invalid signature"}`, false, "status 403: Unauthorized: invalid signature"},
		{502, `<html>bad gateway</html>`, false, "status 502"},
		{413, `{"statusCode":"413","error":"Payload too large","message":"The object exceeded the maximum allowed size"}`, false, "status 413"},
	} {
		err := apiError(answer(c.status, c.body), key)
		if errors.Is(err, app.ErrObjectNotFound) != c.notFound {
			t.Errorf("%d %s: not found = %v, want %v", c.status, c.body, !c.notFound, c.notFound)
		}
		if !strings.Contains(err.Error(), c.text) {
			t.Errorf("%d %s: text %q, want it to contain %q", c.status, c.body, err, c.text)
		}
		if strings.Contains(err.Error(), key) {
			t.Errorf("error text %q quotes the key", err)
		}
	}
}

func TestTokenExpiry(t *testing.T) {
	// {"alg":"HS256","typ":"JWT"}.{"url":"b/k","exp":1700007200}.sig
	tok := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1cmwiOiJiL2siLCJleHAiOjE3MDAwMDcyMDB9.c2ln"
	exp, ok := tokenExpiry(tok)
	if !ok || exp.Unix() != 1700007200 {
		t.Fatalf("tokenExpiry = %v %v", exp, ok)
	}
	for _, bad := range []string{"", "a.b", "a.!!.c", "a.e30.c"} {
		if _, ok := tokenExpiry(bad); ok {
			t.Errorf("tokenExpiry(%q) succeeded", bad)
		}
	}
}
