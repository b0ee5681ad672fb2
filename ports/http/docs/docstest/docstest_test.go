package docstest

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const loginOK = `{"statusCode":200,"message":"User logged in successfully","data":{
	"_id":"65a1b2c3d4e5f60718293a4b","username":"ada","email":"ada@example.com","name":"Ada",
	"profileImage":"https://ui-avatars.com/api/?name=Ada&background=random","isVerified":true,
	"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:05.678Z"},"success":true}`

func jsonHeader(cookies ...string) http.Header {
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	for _, c := range cookies {
		h.Add("Set-Cookie", c)
	}
	return h
}

var authCookies = []string{"accessToken=a; Path=/; HttpOnly; SameSite=Lax", "refreshToken=r; Path=/; HttpOnly; SameSite=Lax"}

func TestValidate(t *testing.T) {
	c := NewChecker(t)
	login := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", nil)
	for _, tc := range []struct {
		name   string
		req    *http.Request
		status int
		header http.Header
		body   string
		ok     bool
	}{
		{"login", login, 200, jsonHeader(authCookies...), loginOK, true},
		{"login with bio", login, 200, jsonHeader(authCookies...), strings.Replace(loginOK, `"name":"Ada"`, `"name":"Ada","bio":"hi"`, 1), true},
		{"trailing slash", httptest.NewRequest(http.MethodPost, "/api/v1/auth/login/", nil), 200, jsonHeader(authCookies...), loginOK, true},
		{"extra field", login, 200, jsonHeader(authCookies...), strings.Replace(loginOK, `"name":"Ada"`, `"name":"Ada","role":"creator"`, 1), false},
		{"extra envelope field", login, 200, jsonHeader(authCookies...), strings.Replace(loginOK, `"success":true`, `"success":true,"token":"x"`, 1), false},
		{"wrong type", login, 200, jsonHeader(authCookies...), strings.Replace(loginOK, `"isVerified":true`, `"isVerified":"yes"`, 1), false},
		{"missing field", login, 200, jsonHeader(authCookies...), strings.Replace(loginOK, `"username":"ada",`, ``, 1), false},
		{"date without milliseconds", login, 200, jsonHeader(authCookies...), strings.Replace(loginOK, `05.678Z","updatedAt`, `05Z","updatedAt`, 1), false},
		{"bad id", login, 200, jsonHeader(authCookies...), strings.Replace(loginOK, `65a1b2c3d4e5f60718293a4b`, `42`, 1), false},
		{"no cookies", login, 200, jsonHeader(), loginOK, false},
		{"not JSON", login, 200, http.Header{"Content-Type": {"text/plain"}, "Set-Cookie": authCookies}, loginOK, false},
		{"undocumented status", login, 404, jsonHeader(), `{"success":false,"message":"User not found"}`, false},
		{"credentials", login, 401, jsonHeader(), `{"success":false,"message":"Invalid credentials"}`, true},
		{"validation", login, 400, jsonHeader(), `{"success":false,"message":"Password is required","errors":[{"field":"password","message":"Password is required"}]}`, true},
		{"error with statusCode", login, 400, jsonHeader(), `{"statusCode":400,"success":false,"message":"x"}`, false},
		{"undocumented route", httptest.NewRequest(http.MethodGet, "/api/v1/nope", nil), 404, jsonHeader(), `{"success":false,"message":"Route not found"}`, false},
		{"wrong method", httptest.NewRequest(http.MethodGet, "/api/v1/auth/login", nil), 200, jsonHeader(authCookies...), loginOK, false},
		{"no data", httptest.NewRequest(http.MethodDelete, "/api/v1/auth/sessions/65a1b2c3d4e5f60718293a4b", nil), 200, jsonHeader(), `{"statusCode":200,"message":"Session revoked","success":true}`, true},
		{"HEAD", httptest.NewRequest(http.MethodHead, "/api/v1/auth/me", nil), 200, jsonHeader(), "", true},
		{"HEAD undocumented status", httptest.NewRequest(http.MethodHead, "/api/v1/auth/me", nil), 404, jsonHeader(), "", false},
		{"rate limited", login, 429, rateLimited("60"), `{"success":false,"message":"Too many requests, please try again later."}`, true},
		{"bad Retry-After", login, 429, rateLimited("soon"), `{"success":false,"message":"Too many requests, please try again later."}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Validate(tc.req, tc.status, tc.header, []byte(tc.body))
			if (err == nil) != tc.ok {
				t.Errorf("Validate = %v, want ok %v", err, tc.ok)
			}
			if err != nil {
				t.Log(err)
			}
		})
	}
}

func rateLimited(retryAfter string) http.Header {
	h := jsonHeader()
	h.Set("Retry-After", retryAfter)
	h.Set("RateLimit-Limit", "10")
	h.Set("RateLimit-Remaining", "0")
	h.Set("RateLimit-Reset", retryAfter)
	return h
}

// TestCheckHelpers runs a real server so that the request carries a full
// URL, as a client's does, and the helpers read recorder and response bodies.
func TestCheckHelpers(t *testing.T) {
	c := NewChecker(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for k, v := range jsonHeader(authCookies...) {
			w.Header()[k] = v
		}
		_, _ = w.Write([]byte(loginOK))
	})

	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	c.CheckRecorder(t, req, rec)

	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := srv.Client().Post(srv.URL+"/api/v1/auth/login/", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	c.CheckResponse(t, res)
	body := make([]byte, 1)
	if n, _ := res.Body.Read(body); n != 1 {
		t.Error("CheckResponse consumed the body")
	}
	_ = res.Body.Close()
}

func TestCoverage(t *testing.T) {
	c := NewChecker(t)
	before := c.Unexercised()
	if !slices.Contains(before, "POST /api/v1/auth/login") || !slices.Contains(before, "DELETE /api/v1/auth/sessions/{id}") {
		t.Fatalf("Unexercised before any check = %q", before)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", nil)
	c.Check(t, req, 200, jsonHeader(authCookies...), []byte(loginOK))
	after := c.Unexercised()
	if slices.Contains(after, "POST /api/v1/auth/login") || len(after) != len(before)-1 {
		t.Errorf("Unexercised after login = %q", after)
	}
	responses := c.UnexercisedResponses()
	if slices.Contains(responses, "POST /api/v1/auth/login 200") || !slices.Contains(responses, "POST /api/v1/auth/login 401") {
		t.Errorf("UnexercisedResponses = %q", responses)
	}
}
