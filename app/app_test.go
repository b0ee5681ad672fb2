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
	"github.com/stagecast/stagecast/adapters/mediaprobe"
	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/app/playlists"
	"github.com/stagecast/stagecast/app/posts"
	"github.com/stagecast/stagecast/app/profiles"
	"github.com/stagecast/stagecast/app/social"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

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

// fixture is the core on memory stores, one service per area.
type fixture struct {
	accounts *accounts.Service
	uploads  *uploads.Service
	videos   *videos.Service
	profiles *profiles.Service
	// The social services.
	comments  *comments.Service
	posts     *posts.Service
	social    *social.Service
	playlists *playlists.Service
	deps      deps
	store     *memory.Store
	media     *memory.Media
	clock     *apptest.Clock
	mail      *outbox
}

// deps are the ports of every service and their settings, so that a test
// can rebuild the core around one changed port (see with).
type deps struct {
	accounts    accounts.Deps
	accountsSet accounts.Settings
	uploads     uploads.Deps
	uploadsSet  uploads.Settings
	videos      videos.Deps
	videosSet   videos.Settings
	profiles    profiles.Deps
	comments    comments.Deps
	posts       posts.Deps
	social      social.Deps
	playlists   playlists.Deps
}

// cursorKey signs the fixture's list cursors.
var cursorKey = []byte(strings.Repeat("l", 32))

func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := apptest.NewClock(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	st := memory.New()
	jwt, err := auth.NewJWT([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	hasher, _ := auth.NewBcrypt(4)
	ids, _ := id.NewGenerator(c.Now, nil)
	mail := &outbox{}
	ms := memory.NewMedia("http://media.test")
	f := &fixture{store: st, media: ms, clock: c, mail: mail}
	f.deps = deps{
		accounts: accounts.Deps{
			Users: st.Users(), Codes: st.Codes(), Signups: st.Signups(), Sessions: st.Sessions(), Holders: st.SessionHolders(),
			Hasher: hasher, Tokens: jwt, Mailer: mail, Clock: c, IDs: ids,
		},
		accountsSet: accounts.Settings{
			AccessTTL: 15 * time.Minute, RefreshTTL: 30 * 24 * time.Hour,
			CodeKey: []byte(strings.Repeat("c", 32)), RefreshKey: []byte(strings.Repeat("r", 32)),
		},
		uploads: uploads.Deps{Media: ms, Probe: mediaprobe.Probe{}, Trash: st.Trash(), Users: []uploads.MediaUser{st.Videos(), st.Users()}, Clock: c},
		uploadsSet: uploads.Settings{
			MaxVideoBytes: 1 << 20, MaxImageBytes: 64 << 10, UploadTTL: time.Hour, MaxVideoDuration: 24 * time.Hour,
		},
		videos: videos.Deps{
			Videos: st.Videos(), History: st.History(), Users: st.Users(), Records: st.VideoRecords(), HistoryPages: st.HistoryPages(), Pages: st.VideoPages(), LikedPages: st.LikedPages(), Clock: c, IDs: ids,
			Likes: st.Likes(), Playlists: st.Playlists(),
		},
		videosSet: videos.Settings{ViewWindow: time.Hour, CursorKey: cursorKey},
		profiles:  profiles.Deps{Users: st.Users(), Follows: st.Follows(), Likes: st.Likes(), Videos: st.Videos(), Clock: c},
		comments: comments.Deps{
			Comments: st.Comments(), Videos: st.Videos(), Posts: st.Posts(), Users: st.Users(), Pages: st.CommentPages(), Clock: c, IDs: ids,
		},
		posts:     posts.Deps{Posts: st.Posts(), Users: st.Users(), Pages: st.PostPages(), Clock: c, IDs: ids},
		social:    social.Deps{Users: st.Users(), Follows: st.Follows(), FollowPages: st.FollowPages(), Likes: st.Likes(), Videos: st.Videos(), Clock: c, IDs: ids},
		playlists: playlists.Deps{Playlists: st.Playlists(), Videos: st.Videos(), Users: st.Users(), Pages: st.PlaylistPages(), Clock: c, IDs: ids},
	}
	f.build(t)
	return f
}

// build makes the services from f.deps.
func (f *fixture) build(t *testing.T) {
	t.Helper()
	var err error
	if f.accounts, err = accounts.New(f.deps.accounts, f.deps.accountsSet); err != nil {
		t.Fatal(err)
	}
	if f.uploads, err = uploads.New(f.deps.uploads, f.deps.uploadsSet); err != nil {
		t.Fatal(err)
	}
	if f.comments, err = comments.New(f.deps.comments, cursorKey); err != nil {
		t.Fatal(err)
	}
	if f.posts, err = posts.New(f.deps.posts, cursorKey); err != nil {
		t.Fatal(err)
	}
	f.deps.videos.Uploads, f.deps.profiles.Uploads, f.deps.videos.Comments = f.uploads, f.uploads, f.comments
	if f.videos, err = videos.New(f.deps.videos, f.deps.videosSet); err != nil {
		t.Fatal(err)
	}
	if f.profiles, err = profiles.New(f.deps.profiles); err != nil {
		t.Fatal(err)
	}
	f.deps.social.Comments, f.deps.social.Posts = f.comments, f.posts
	if f.social, err = social.New(f.deps.social); err != nil {
		t.Fatal(err)
	}
	if f.playlists, err = playlists.New(f.deps.playlists); err != nil {
		t.Fatal(err)
	}
}

// with returns the core rebuilt on the same stores with change applied to
// its ports, such as one wrapped to pause or fail.
func (f *fixture) with(t *testing.T, change func(d *deps)) *fixture {
	t.Helper()
	g := *f
	change(&g.deps)
	g.build(t)
	return &g
}

func (f *fixture) verifiedUser(t *testing.T, name string) {
	t.Helper()
	ctx := context.Background()
	email := name + "@example.com"
	if err := f.accounts.Register(ctx, accounts.RegisterInput{Name: name, Email: email, Username: name, Password: "Secret123"}); err != nil {
		t.Fatal(err)
	}
	if err := f.accounts.VerifyAccount(ctx, email, f.mail.code(t)); err != nil {
		t.Fatal(err)
	}
}

func TestNewRefusesMissingDependencies(t *testing.T) {
	if _, err := accounts.New(accounts.Deps{}, accounts.Settings{}); err == nil {
		t.Fatal("accounts accepted empty deps")
	}
	if _, err := uploads.New(uploads.Deps{}, uploads.Settings{}); err == nil {
		t.Fatal("uploads accepted empty deps")
	}
	if _, err := videos.New(videos.Deps{}, videos.Settings{}); err == nil {
		t.Fatal("videos accepted empty deps")
	}
	if _, err := profiles.New(profiles.Deps{}); err == nil {
		t.Fatal("profiles accepted empty deps")
	}
	if _, err := comments.New(comments.Deps{}, cursorKey); err == nil {
		t.Fatal("comments accepted empty deps")
	}
	if _, err := posts.New(posts.Deps{}, cursorKey); err == nil {
		t.Fatal("posts accepted empty deps")
	}
	if _, err := social.New(social.Deps{}); err == nil {
		t.Fatal("social accepted empty deps")
	}
	if _, err := playlists.New(playlists.Deps{}); err == nil {
		t.Fatal("playlists accepted empty deps")
	}
}

func TestCodesAreBoundToAccountAndPurpose(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.verifiedUser(t, "ada")
	if err := f.accounts.ForgotPassword(ctx, "ada@example.com"); err != nil {
		t.Fatal(err)
	}
	reset := f.mail.code(t)
	// The reset code is no verification code, nor another account's code.
	if err := f.accounts.Register(ctx, accounts.RegisterInput{Name: "Bo", Email: "bo@example.com", Username: "bo", Password: "Secret123"}); err != nil {
		t.Fatal(err)
	}
	if f.mail.code(t) != reset { // equal by chance once in 900,000 runs
		if err := f.accounts.VerifyAccount(ctx, "bo@example.com", reset); !errors.Is(err, accounts.ErrVerifyCodeInvalid) {
			t.Fatalf("foreign code: %v", err)
		}
	}
	if err := f.accounts.ResetPassword(ctx, "ada@example.com", reset, "Newpass123"); err != nil {
		t.Fatal(err)
	}
	// A spent code cannot be used twice.
	if err := f.accounts.ResetPassword(ctx, "ada@example.com", reset, "Other123"); !errors.Is(err, accounts.ErrResetCodeExpired) {
		t.Fatalf("reused reset code: %v", err)
	}
}

func TestLoginDoesNotRevealWhichPartIsWrong(t *testing.T) {
	f := newFixture(t)
	f.verifiedUser(t, "ada")
	for _, in := range []accounts.LoginInput{{Identifier: "ada", Password: "nope"}, {Identifier: "ghost", Password: "Secret123"}} {
		_, err := f.accounts.Login(context.Background(), in)
		if !errors.Is(err, user.ErrInvalidCredentials) {
			t.Fatalf("%+v: %v", in, err)
		}
	}
}

func TestSessionsAreCappedPerUser(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.verifiedUser(t, "ada")
	var first accounts.Tokens
	for i := range session.MaxActive + 3 {
		res, err := f.accounts.Login(ctx, accounts.LoginInput{Identifier: "ada", Password: "Secret123"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res.Tokens
		}
		f.clock.Advance(time.Second)
	}
	u, _ := f.store.Users().ByUsername(ctx, "ada")
	active, err := f.store.Sessions().ListActive(ctx, u.ID(), f.clock.Now(), 1000)
	if err != nil || len(active) != session.MaxActive {
		t.Fatalf("%d active sessions, %v", len(active), err)
	}
	if _, _, err := f.accounts.Authenticate(ctx, first.Access); errs.KindOf(err) != errs.Unauthorized {
		t.Fatalf("oldest session still works: %v", err)
	}
}
