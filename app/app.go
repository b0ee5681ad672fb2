// Package app holds the use cases of Stagecast. It speaks only in domain
// terms and reaches the world through the interfaces in ports.go and the
// repositories of the domain packages; it knows nothing of HTTP or SQL.
package app

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Deps are the driven adapters the use cases need.
type Deps struct {
	Users    user.Repository
	Codes    user.Codes
	Signups  user.Signups
	Sessions session.Repository
	Videos   video.Repository
	History  video.History
	Trash    media.Trash
	Media    MediaStore
	Hasher   PasswordHasher
	Tokens   TokenIssuer
	Mailer   Mailer
	Clock    Clock
	IDs      IDs
	// Random is the source of codes and refresh secrets (crypto/rand when nil).
	Random io.Reader
	Log    *slog.Logger
}

// Settings are the tunable rules of the use cases.
type Settings struct {
	AccessTTL  time.Duration // lifetime of an access token
	RefreshTTL time.Duration // lifetime of a session without refresh
	// CodeKey keys the hashes of one-time codes, so that a copy of the
	// database alone does not let anyone try the million codes offline.
	CodeKey []byte
	// CursorKey signs list cursors, so that the server only ever decodes
	// positions it issued itself.
	CursorKey []byte
	// RefreshKey derives each refresh secret's successor (see successor),
	// so that requests racing with one token are all handed the same next
	// token without the store keeping more than one current secret.
	RefreshKey []byte
	// ViewWindow is how long one viewer's repeated views of a video count once.
	ViewWindow time.Duration
	// MaxVideoBytes and MaxImageBytes bound uploads.
	MaxVideoBytes int64
	MaxImageBytes int64
	// UploadTTL is how long a signed direct-upload target stays valid.
	UploadTTL time.Duration
	// MaxVideoDuration bounds the length of an uploaded video.
	MaxVideoDuration time.Duration
}

// App is the application core: every use case is a method.
type App struct {
	users    user.Repository
	codes    user.Codes
	signups  user.Signups
	sessions session.Repository
	videos   video.Repository
	history  video.History
	trash    media.Trash
	media    MediaStore
	hasher   PasswordHasher
	tokens   TokenIssuer
	mailer   Mailer
	clock    Clock
	ids      IDs
	random   io.Reader
	log      *slog.Logger
	set      Settings

	// dummyHash is compared against when an account does not exist, so that
	// an unknown identifier takes as long to refuse as a wrong password.
	dummyHash string
}

// New checks the dependencies and returns the core.
func New(d Deps, s Settings) (*App, error) {
	if d.Users == nil || d.Codes == nil || d.Signups == nil || d.Sessions == nil || d.Videos == nil || d.History == nil ||
		d.Trash == nil || d.Media == nil || d.Hasher == nil || d.Tokens == nil ||
		d.Mailer == nil || d.Clock == nil || d.IDs == nil {
		return nil, errors.New("app: missing dependency")
	}
	if s.AccessTTL <= 0 || s.RefreshTTL <= 0 {
		return nil, errors.New("app: token lifetimes must be positive")
	}
	if len(s.CodeKey) < 32 || len(s.CursorKey) < 32 || len(s.RefreshKey) < 32 {
		return nil, errors.New("app: code, cursor and refresh keys must be at least 32 bytes")
	}
	if s.ViewWindow < 0 || s.MaxVideoBytes <= 0 || s.MaxImageBytes <= 0 || s.UploadTTL <= 0 || s.MaxVideoDuration <= 0 {
		return nil, errors.New("app: view window, upload limits, upload lifetime and video duration limit must be set")
	}
	if d.Random == nil {
		d.Random = rand.Reader
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	dummy, err := d.Hasher.Hash("no such account")
	if err != nil {
		return nil, err
	}
	return &App{
		users: d.Users, codes: d.Codes, signups: d.Signups, sessions: d.Sessions, videos: d.Videos, history: d.History,
		trash: d.Trash, media: d.Media, hasher: d.Hasher, tokens: d.Tokens,
		mailer: d.Mailer, clock: d.Clock, ids: d.IDs, random: d.Random, log: d.Log, set: s,
		dummyHash: dummy,
	}, nil
}

// Settings returns the rules the core runs with.
func (a *App) Settings() Settings { return a.set }

func (a *App) now() time.Time { return a.clock.Now().UTC() }
