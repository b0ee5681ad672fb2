package socketio_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/ports/live/socketio"
	"github.com/stagecast/stagecast/wiring"
	"github.com/stagecast/stagecast/wiring/livetest"
)

// env is a wired Stagecast on the memory store with the Socket.IO endpoint
// mounted at /socket.io/ next to its handler, behind a real HTTP server.
type env struct {
	sys  *wiring.System
	sio  *socketio.Server
	srv  *httptest.Server
	url  string // http://127.0.0.1:port
	mail *livetest.Mailbox
}

const password = "Secret123"

// newEnv builds and serves a system until the test ends; origins are the
// allowed CORS origins.
func newEnv(t *testing.T, origins ...string) *env {
	t.Helper()
	return newEnvWith(t, nil, origins...)
}

// newEnvWith is newEnv with configuration variables of the test's.
func newEnvWith(t *testing.T, extra map[string]string, origins ...string) *env {
	t.Helper()
	vars := map[string]string{
		"APP_ENV":           "test",
		"DATABASE_URL":      "memory:",
		"DATA_DIR":          t.TempDir(),
		"MEDIA_DIR":         t.TempDir(),
		"JWT_ACCESS_SECRET": "test-secret-test-secret-test-secret!",
		"BCRYPT_COST":       "4",
		"SHUTDOWN_TIMEOUT":  "5s",
	}
	for k, v := range extra {
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("SOCKETIO_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	e := &env{mail: &livetest.Mailbox{}}
	if e.sys, err = wiring.Build(context.Background(), cfg, log, wiring.Overrides{Mailer: e.mail}); err != nil {
		t.Fatal(err)
	}
	if e.sio, err = socketio.New(socketio.Options{Live: e.sys.Services.Live, Log: log, CORSOrigins: origins}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/socket.io/", e.sio)
	mux.Handle("/", e.sys.Handler)
	e.srv = httptest.NewServer(mux)
	e.url = e.srv.URL
	t.Cleanup(func() {
		// The engine answers pending long polls before the server waits
		// for its requests.
		_ = e.sio.Close()
		e.srv.CloseClientConnections()
		e.srv.Close()
		_ = e.sys.Close()
	})
	return e
}

// member is a signed-in account.
type member struct {
	ID, Name, Token string
	P               app.Principal
}

// member registers, verifies and signs in an account.
func (e *env) member(t *testing.T, username string) member {
	t.Helper()
	ctx := context.Background()
	acc := e.sys.Services.Accounts
	email := username + "@example.com"
	if err := acc.Register(ctx, accounts.RegisterInput{Name: "User " + username, Email: email, Username: username, Password: password}); err != nil {
		t.Fatal(err)
	}
	if err := acc.VerifyAccount(ctx, email, e.mail.Code(t, email)); err != nil {
		t.Fatal(err)
	}
	return e.login(t, username)
}

// login opens another session of an account.
func (e *env) login(t *testing.T, username string) member {
	t.Helper()
	ctx := context.Background()
	res, err := e.sys.Services.Accounts.Login(ctx, accounts.LoginInput{Identifier: username, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := e.sys.Services.Accounts.Authenticate(ctx, res.Tokens.Access)
	if err != nil {
		t.Fatal(err)
	}
	return member{ID: res.User.ID().String(), Name: res.User.Name(), Token: res.Tokens.Access, P: p}
}

// video uploads a video of m's and publishes it.
func (e *env) video(t *testing.T, m member) string {
	t.Helper()
	ctx := context.Background()
	up := e.sys.Services.Uploads
	file, err := up.StoreUpload(ctx, m.P, uploads.KindVideo, bytes.NewReader(fixture(t, "moov-last.mp4")))
	if err != nil {
		t.Fatal(err)
	}
	thumb, err := up.StoreUpload(ctx, m.P, uploads.KindThumbnail, bytes.NewReader(fixture(t, "image.png")))
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.sys.Services.Videos.CreateVideo(ctx, m.P, videos.CreateVideoInput{Title: "A video", Video: file, Thumbnail: thumb})
	if err != nil {
		t.Fatal(err)
	}
	if published, err := e.sys.Services.Videos.TogglePublish(ctx, m.P, v.Video.ID()); err != nil || !published {
		t.Fatalf("publish: %v, %v", published, err)
	}
	return v.Video.ID().String()
}

// comment writes a comment the way the REST route does and returns its id.
func (e *env) comment(t *testing.T, m member, videoID, content string) string {
	t.Helper()
	vid, _ := id.Parse(videoID)
	v, err := e.sys.Services.Comments.CommentOnVideo(context.Background(), m.P, vid, content)
	if err != nil {
		t.Fatal(err)
	}
	return v.Comment.ID().String()
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "media", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
