package v1_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestSignupLimitsCountOnlyValidRequests follows api-v1.md Part 1 #30: on
// register, resend-verification and forgot-password, requests refused by
// validation do not count against the limit, and every request that
// passes validation counts, whatever its outcome.
func TestSignupLimitsCountOnlyValidRequests(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path    string
		valid   func(i int) map[string]any
		invalid []any
		outcome int // of a valid request under the limit
	}{
		{
			path: "/api/v1/auth/register",
			valid: func(i int) map[string]any {
				return registerBody("A", fmt.Sprintf("a%d@example.com", i), fmt.Sprintf("a%d", i))
			},
			invalid: []any{
				registerBody("A", "not-an-email", "a1"), registerBody("", "a1@example.com", "a1"),
				registerBody("A", "a1@example.com", "a-1"), map[string]any{}, `{"name":`, `[1]`,
				`{"name":"` + strings.Repeat("x", 20<<10) + `"}`,
			},
			outcome: 201,
		},
		{
			path:  "/api/v1/auth/resend-verification",
			valid: func(int) map[string]any { return map[string]any{"email": "nobody@example.com"} },
			invalid: []any{
				map[string]any{"email": "not-an-email"}, map[string]any{"email": ""}, map[string]any{}, `{"email":`,
				map[string]any{"email": "nobody@example.com\x00"},
			},
			outcome: 404, // a failure still counts
		},
		{
			path:  "/api/v1/auth/forgot-password",
			valid: func(i int) map[string]any { return map[string]any{"email": fmt.Sprintf("someone%d@example.com", i)} },
			invalid: []any{
				map[string]any{"email": "not-an-email"}, map[string]any{"email": 5}, map[string]any{}, "",
			},
			outcome: 200,
		},
	} {
		t.Run(strings.TrimPrefix(tc.path, "/api/v1/auth/"), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, map[string]string{"RATE_LIMIT_SIGNUP": "2"})
			c := e.client()
			for _, body := range tc.invalid {
				if r := c.do("POST", tc.path, body); r.Status != 400 && r.Status != 413 {
					t.Fatalf("invalid %v: %d %s", body, r.Status, r.Raw)
				}
			}
			for i := range 2 {
				if r := c.do("POST", tc.path, tc.valid(i)); r.Status != tc.outcome {
					t.Fatalf("valid request %d after %d invalid ones: %d %s", i+1, len(tc.invalid), r.Status, r.Raw)
				}
			}
			expectRateLimited(t, c.do("POST", tc.path, tc.valid(2)), 2)
			// Over the limit, an invalid request is still answered as one.
			if r := c.do("POST", tc.path, map[string]any{}); r.Status != 400 {
				t.Fatalf("invalid request over the limit: %d %s", r.Status, r.Raw)
			}
		})
	}
}
