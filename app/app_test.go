package app_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/auth"
	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

type outbox struct {
	mu   sync.Mutex
	msgs []app.Message
}

func (o *outbox) Send(_ context.Context, m app.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
	return nil
}

func (o *outbox) code(t *testing.T) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	c := regexp.MustCompile(`\d{6}`).FindString(o.msgs[len(o.msgs)-1].Text)
	if c == "" {
		t.Fatal("no code")
	}
	return c
}

type fixture struct {
	app   *app.App
	deps  app.Deps
	store *memory.Store
	media *memory.Media
	clock *clock
	mail  *outbox
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, nil)
}

// newFixtureWith is newFixture with the session repository wrapped by wrap
// when it is not nil.
func newFixtureWith(t *testing.T, wrap func(session.Repository) session.Repository) *fixture {
	t.Helper()
	c := &clock{now: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	st := memory.New()
	jwt, err := auth.NewJWT([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	hasher, _ := auth.NewBcrypt(4)
	ids, _ := id.NewGenerator(c.Now, nil)
	mail := &outbox{}
	ms := memory.NewMedia("http://media.test")
	var sessions session.Repository = st.Sessions()
	if wrap != nil {
		sessions = wrap(sessions)
	}
	deps := app.Deps{
		Users: st.Users(), Codes: st.Codes(), Signups: st.Signups(), Sessions: sessions,
		Videos: st.Videos(), History: st.History(), Trash: st.Trash(), Media: ms,
		Hasher: hasher, Tokens: jwt, Mailer: mail, Clock: c, IDs: ids,
	}
	a, err := app.New(deps, app.Settings{
		AccessTTL: 15 * time.Minute, RefreshTTL: 30 * 24 * time.Hour, CodeKey: []byte(strings.Repeat("c", 32)),
		CursorKey:  []byte(strings.Repeat("l", 32)),
		RefreshKey: []byte(strings.Repeat("r", 32)),
		ViewWindow: time.Hour, MaxVideoBytes: 1 << 20, MaxImageBytes: 64 << 10, UploadTTL: time.Hour,
		MaxVideoDuration: 24 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{app: a, deps: deps, store: st, media: ms, clock: c, mail: mail}
}

func (f *fixture) verifiedUser(t *testing.T, name string) {
	t.Helper()
	ctx := context.Background()
	email := name + "@example.com"
	if err := f.app.Register(ctx, app.RegisterInput{Name: name, Email: email, Username: name, Password: "Secret123"}); err != nil {
		t.Fatal(err)
	}
	if err := f.app.VerifyAccount(ctx, email, f.mail.code(t)); err != nil {
		t.Fatal(err)
	}
}

func TestNewRefusesMissingDependencies(t *testing.T) {
	if _, err := app.New(app.Deps{}, app.Settings{}); err == nil {
		t.Fatal("accepted empty deps")
	}
}

func TestCodesAreBoundToAccountAndPurpose(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.verifiedUser(t, "ada")
	if err := f.app.ForgotPassword(ctx, "ada@example.com"); err != nil {
		t.Fatal(err)
	}
	reset := f.mail.code(t)
	// The reset code is no verification code, nor another account's code.
	if err := f.app.Register(ctx, app.RegisterInput{Name: "Bo", Email: "bo@example.com", Username: "bo", Password: "Secret123"}); err != nil {
		t.Fatal(err)
	}
	if f.mail.code(t) != reset { // equal by chance once in 900,000 runs
		if err := f.app.VerifyAccount(ctx, "bo@example.com", reset); !errors.Is(err, app.ErrVerifyCodeInvalid) {
			t.Fatalf("foreign code: %v", err)
		}
	}
	if err := f.app.ResetPassword(ctx, "ada@example.com", reset, "Newpass123"); err != nil {
		t.Fatal(err)
	}
	// A spent code cannot be used twice.
	if err := f.app.ResetPassword(ctx, "ada@example.com", reset, "Other123"); !errors.Is(err, app.ErrResetCodeExpired) {
		t.Fatalf("reused reset code: %v", err)
	}
}

func TestLoginDoesNotRevealWhichPartIsWrong(t *testing.T) {
	f := newFixture(t)
	f.verifiedUser(t, "ada")
	for _, in := range []app.LoginInput{{Identifier: "ada", Password: "nope"}, {Identifier: "ghost", Password: "Secret123"}} {
		_, err := f.app.Login(context.Background(), in)
		if !errors.Is(err, user.ErrInvalidCredentials) {
			t.Fatalf("%+v: %v", in, err)
		}
	}
}

func TestSessionsAreCappedPerUser(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.verifiedUser(t, "ada")
	var first app.Tokens
	for i := range session.MaxActive + 3 {
		res, err := f.app.Login(ctx, app.LoginInput{Identifier: "ada", Password: "Secret123"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res.Tokens
		}
		f.clock.advance(time.Second)
	}
	u, _ := f.store.Users().ByUsername(ctx, "ada")
	active, err := f.store.Sessions().ListActive(ctx, u.ID(), f.clock.Now(), 1000)
	if err != nil || len(active) != session.MaxActive {
		t.Fatalf("%d active sessions, %v", len(active), err)
	}
	if _, _, err := f.app.Authenticate(ctx, first.Access); errs.KindOf(err) != errs.Unauthorized {
		t.Fatalf("oldest session still works: %v", err)
	}
}
