// Package uploads holds the use cases of stored media: streaming an upload
// into storage with its checks, signing direct uploads, checking them, and
// the ledger (media.Trash) that makes sure no object outlives the rows
// that use it, nor one that no row took, whatever crashes. The services
// that write rows pointing at media claim and discard their keys here.
package uploads

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/media"
)

// MediaUser is a store of rows that point at stored objects: the sweeper
// asks each before it deletes an object, and spares those in use.
type MediaUser interface {
	// UsesMedia reports whether a row points at the object key.
	UsesMedia(ctx context.Context, key string) (bool, error)
}

// Deps are the ports the upload use cases need.
type Deps struct {
	Media app.MediaStore
	// Probe reads the format and duration of uploaded files.
	Probe app.MediaProbe
	Trash media.Trash
	// Users are every store whose rows point at media (videos, accounts).
	Users []MediaUser
	Clock app.Clock
	// Random is the source of media keys (crypto/rand when nil).
	Random io.Reader
	Log    *slog.Logger
}

// Settings are the limits of uploads.
type Settings struct {
	// MaxVideoBytes and MaxImageBytes bound uploads.
	MaxVideoBytes int64
	MaxImageBytes int64
	// UploadTTL is how long a signed direct-upload target stays valid.
	UploadTTL time.Duration
	// MaxVideoDuration bounds the length of an uploaded video.
	MaxVideoDuration time.Duration
}

// Service runs the upload use cases.
type Service struct {
	media  app.MediaStore
	probe  app.MediaProbe
	trash  media.Trash
	users  []MediaUser
	clock  app.Clock
	random io.Reader
	log    *slog.Logger
	set    Settings
}

// New checks the dependencies and settings and returns the service.
func New(d Deps, s Settings) (*Service, error) {
	if d.Media == nil || d.Probe == nil || d.Trash == nil || len(d.Users) == 0 || d.Clock == nil {
		return nil, errors.New("uploads: missing dependency")
	}
	if s.MaxVideoBytes <= 0 || s.MaxImageBytes <= 0 || s.UploadTTL <= 0 || s.MaxVideoDuration <= 0 {
		return nil, errors.New("uploads: upload limits, upload lifetime and video duration limit must be set")
	}
	if d.Random == nil {
		d.Random = rand.Reader
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{media: d.Media, probe: d.Probe, trash: d.Trash, users: d.Users, clock: d.Clock, random: d.Random, log: d.Log, set: s}, nil
}

// Limits returns the upload size limits, which the HTTP layer needs to
// bound whole request bodies.
func (s *Service) Limits() (maxVideoBytes, maxImageBytes int64) {
	return s.set.MaxVideoBytes, s.set.MaxImageBytes
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }
