package v1_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/user"
)

func TestRegisterCreated(t *testing.T) {
	e := newEnv(t, nil)
	r := e.client().do("POST", "/api/v1/auth/register", registerBody("Ada Lovelace", "Ada@Example.com ", "Ada_1"))
	r.expect(t, 201, "User registered. Please verify your email")
	if string(r.Raw) != `{"statusCode":201,"message":"User registered. Please verify your email","success":true}` {
		t.Fatalf("body %s", r.Raw)
	}
	if len(r.Cookies) != 0 {
		t.Fatalf("register set cookies: %v", r.Cookies)
	}
	if e.mail.count("ada@example.com") != 1 {
		t.Fatalf("want one mail to the normalized address")
	}
	e.mail.lastCode(t, "ada@example.com")
}

func TestRegisterValidation(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	r := c.do("POST", "/api/v1/auth/register", map[string]any{"name": "  ", "email": "  ", "username": "  ", "password": ""})
	r.expect(t, 400, "Name is required, Invalid email format, Username is required, "+
		"Username can only contain letters, numbers, and underscores, Password must be at least 6 characters, "+
		"Password must contain uppercase, lowercase, and a number")
	errsList, _ := r.Body["errors"].([]any)
	if len(errsList) != 6 || errsList[0].(map[string]any)["field"] != "name" {
		t.Fatalf("errors: %v", r.Body["errors"])
	}
	u := "Invalid input: expected string, received undefined"
	c.do("POST", "/api/v1/auth/register", map[string]any{}).expect(t, 400, u+", "+u+", "+u+", "+u)
	c.do("POST", "/api/v1/auth/register", `[1]`).expect(t, 400, "Invalid input: expected object, received array")
	c.do("POST", "/api/v1/auth/register", nil).expect(t, 400, "Invalid input: expected object, received undefined")
	c.do("POST", "/api/v1/auth/register", `{"name":`).expect(t, 400, "Malformed JSON in request body")
	c.do("POST", "/api/v1/auth/register", map[string]any{"name": 5, "email": nil, "username": []int{}, "password": true}).
		expect(t, 400, "Invalid input: expected string, received number, Invalid input: expected string, received null, "+
			"Invalid input: expected string, received array, Invalid input: expected string, received boolean")
	if e.mail.count("") != 0 || len(e.mail.sent) != 0 {
		t.Fatal("mail sent for invalid input")
	}
}

func TestRegisterConflict(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("taken")
	c := e.client()
	c.do("POST", "/api/v1/auth/register", registerBody("X", "taken@example.com", "other")).expect(t, 409, "Email already exists")
	c.do("POST", "/api/v1/auth/register", registerBody("X", "new@example.com", "TAKEN")).expect(t, 409, "Username already exists")

	c.do("POST", "/api/v1/auth/register", registerBody("P", "pending@example.com", "pending")).expect(t, 201, "User registered. Please verify your email")
	c.do("POST", "/api/v1/auth/register", registerBody("X", "taken@example.com", "pending")).
		expect(t, 409, "Email and username belong to different accounts")
}

// Signing up again with the address of an unverified account replaces its
// name, username and password and mails a new code, as the reference does;
// the first code stops working.
func TestRegisterAgainReplacesAnUnverifiedAccount(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	c.do("POST", "/api/v1/auth/register", registerBody("Pat", "pat@example.com", "pat")).expect(t, 201, "User registered. Please verify your email")
	first := e.mail.lastCode(t, "pat@example.com")
	body := registerBody("Patricia", "pat@example.com", "patricia")
	body["password"] = "Other123"
	c.do("POST", "/api/v1/auth/register", body).expect(t, 201, "User registered. Please verify your email")
	if e.mail.count("pat@example.com") != 2 {
		t.Fatalf("mails to the address: %d, want 2", e.mail.count("pat@example.com"))
	}
	second := e.mail.lastCode(t, "pat@example.com")
	if first != second {
		c.do("POST", "/api/v1/auth/verify-account", map[string]any{"email": "pat@example.com", "code": first}).
			expect(t, 400, "Invalid verification code")
	}
	c.do("POST", "/api/v1/auth/verify-account", map[string]any{"email": "pat@example.com", "code": second}).expect(t, 200, "Email verified successfully")
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "pat", "password": goodPassword}).expect(t, 401, "Invalid credentials")
	me := e.client()
	me.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "patricia", "password": "Other123"}).expect(t, 200, "User logged in successfully")
	if d := me.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully").data(); d["name"] != "Patricia" {
		t.Fatalf("me: %v", d)
	}
	// Once verified, the address is taken for good.
	c.do("POST", "/api/v1/auth/register", registerBody("Mallory", "pat@example.com", "mallory")).expect(t, 409, "Email already exists")
}

// A username held by another address's unverified sign-up is taken while
// that sign-up's code lives, and free once it has expired: the stale
// sign-up then goes.
func TestRegisterPendingUsername(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	c.do("POST", "/api/v1/auth/register", registerBody("P", "first@example.com", "pending")).expect(t, 201, "User registered. Please verify your email")
	stale := e.mail.lastCode(t, "first@example.com")
	c.do("POST", "/api/v1/auth/register", registerBody("Q", "second@example.com", "pending")).expect(t, 409, "Username already exists")
	e.clock.Advance(15 * time.Minute)
	c.do("POST", "/api/v1/auth/register", registerBody("Q", "second@example.com", "pending")).expect(t, 201, "User registered. Please verify your email")
	c.do("POST", "/api/v1/auth/verify-account", map[string]any{"email": "second@example.com", "code": e.mail.lastCode(t, "second@example.com")}).
		expect(t, 200, "Email verified successfully")
	e.login("pending")
	// The stale sign-up is gone: its address is free, its code dead.
	c.do("POST", "/api/v1/auth/verify-account", map[string]any{"email": "first@example.com", "code": stale}).expect(t, 404, "User not found")
	c.do("POST", "/api/v1/auth/register", registerBody("P", "first@example.com", "first")).expect(t, 201, "User registered. Please verify your email")
}

// Sign-ups with one address at the same moment never fail with a 500:
// each is created, replaces the other (both unverified) or meets the
// unique index (409), and one account remains, verifiable with its code.
func TestRegisterRaceGivesOneWinner(t *testing.T) {
	e := newEnv(t, nil)
	const n = 10
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.client()
			c.ip = "192.0.2." + string(rune('0'+i))
			statuses <- c.do("POST", "/api/v1/auth/register", registerBody("Racer", "race@example.com", "racer")).Status
		}()
	}
	wg.Wait()
	close(statuses)
	created := 0
	for s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
		default:
			t.Fatalf("status %d", s)
		}
	}
	if created == 0 {
		t.Fatal("no registration succeeded")
	}
	// The code of the sign-up that stayed was mailed last, unless mails
	// crossed: one of the last few verifies the account (newest first, as
	// every wrong one spends one of the code's attempts).
	codes := e.mail.codes("race@example.com")
	for i := len(codes) - 1; i >= max(0, len(codes)-user.CodeMaxAttempts); i-- {
		code := codes[i]
		r := e.client().do("POST", "/api/v1/auth/verify-account", map[string]any{"email": "race@example.com", "code": code})
		if r.Status == http.StatusOK {
			e.login("racer")
			return
		}
	}
	t.Fatal("no mailed code verifies the account")
}

func TestRegisterMailFailure(t *testing.T) {
	e := newEnv(t, nil)
	e.mail.setFail(true)
	e.client().do("POST", "/api/v1/auth/register", registerBody("Ada", "ada@example.com", "ada")).
		expect(t, 502, "Could not send email, try again later")
	// The account stays, unverified: a resend works once mail is back.
	e.mail.setFail(false)
	e.client().do("POST", "/api/v1/auth/resend-verification", map[string]any{"email": "ada@example.com"}).
		expect(t, 200, "Verification code sent to your email")
}

func TestRegisterWhileSignedIn(t *testing.T) {
	e := newEnv(t, nil)
	c := e.member("ada")
	c.do("POST", "/api/v1/auth/register", registerBody("B", "b@example.com", "bee")).expect(t, 400, "You are already logged in")
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).expect(t, 400, "You are already logged in")
	// A token whose session ended no longer counts as signed in.
	stale := c.cookies["accessToken"]
	c.do("POST", "/api/v1/auth/logout", nil).expect(t, 200, "User logged out successfully")
	c.cookies["accessToken"] = stale
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).expect(t, 200, "User logged in successfully")
}

func TestRegisterRateLimited(t *testing.T) {
	e := newEnv(t, map[string]string{"RATE_LIMIT_SIGNUP": "2"})
	c := e.client()
	c.do("POST", "/api/v1/auth/register", registerBody("A", "a1@example.com", "a1")).expect(t, 201, "User registered. Please verify your email")
	c.do("POST", "/api/v1/auth/register", registerBody("A", "a2@example.com", "a2")).expect(t, 201, "User registered. Please verify your email")
	r := c.do("POST", "/api/v1/auth/register", registerBody("A", "a3@example.com", "a3"))
	r.expect(t, 429, "Too many requests, please try again later.")
	for _, h := range []string{"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} {
		if r.Header.Get(h) == "" {
			t.Errorf("429 lacks %s", h)
		}
	}
	if r.Header.Get("RateLimit-Limit") != "2" || r.Header.Get("RateLimit-Remaining") != "0" {
		t.Errorf("headers %v", r.Header)
	}
	// Another address has its own count.
	other := e.client()
	other.ip = "198.51.100.7"
	other.do("POST", "/api/v1/auth/register", registerBody("A", "a4@example.com", "a4")).expect(t, 201, "User registered. Please verify your email")
}

func TestFailedResendKeepsTheWorkingCode(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	for _, name := range []string{"ada", "bob"} {
		c.do("POST", "/api/v1/auth/register", registerBody(name, name+"@example.com", name)).expect(t, 201, "User registered. Please verify your email")
	}
	code := e.mail.lastCode(t, "ada@example.com")
	e.mail.setFail(true)
	for _, name := range []string{"ada", "bob"} {
		c.do("POST", "/api/v1/auth/resend-verification", map[string]any{"email": name + "@example.com"}).
			expect(t, 502, "Could not send email, try again later")
	}
	e.mail.setFail(false)
	// The code that did arrive still works...
	c.do("POST", "/api/v1/auth/verify-account", map[string]any{"email": "ada@example.com", "code": code}).
		expect(t, 200, "Email verified successfully")
	// ...and the failed resend did not start the one-minute wait.
	c.do("POST", "/api/v1/auth/resend-verification", map[string]any{"email": "bob@example.com"}).
		expect(t, 200, "Verification code sent to your email")
}
