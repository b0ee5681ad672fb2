// Package local is the media storage adapter that keeps objects as files
// under one directory (MEDIA_DIR) and serves them itself.
//
// Store implements app.MediaStore. Its two handlers are mounted by the
// HTTP layer outside /api: MediaHandler serves GET/HEAD /media/<key> with
// byte ranges and caching headers, and UploadHandler takes the direct
// uploads that SignUpload grants, at PUT /uploads/<token>.
//
// Every filesystem call goes through an os.Root opened on the directory, so
// that even a key that slipped past CheckKey, or a symbolic link planted in
// the directory, cannot reach a file outside it.
package local

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/adapters/storage/internal/streamio"
	"github.com/stagecast/stagecast/app"
)

var _ app.MediaStore = (*Store)(nil)

// MinSigningKeyLen is the shortest SigningKey New accepts: the key of an
// HMAC-SHA256 should be at least as long as the hash.
const MinSigningKeyLen = 32

// Config configures the local store.
type Config struct {
	// Dir is the root directory (MEDIA_DIR). New creates it when missing.
	Dir string
	// BaseURL is the public URL of the API (PUBLIC_BASE_URL), such as
	// "https://api.example.com". Media URLs are BaseURL+"/media/<key>",
	// upload targets BaseURL+"/uploads/<token>".
	BaseURL string
	// SigningKey signs upload grants (HMAC-SHA256). It must be secret and
	// at least MinSigningKeyLen bytes; the wiring derives it from the
	// server secret, so that grants survive restarts and work across
	// instances sharing the directory.
	SigningKey []byte
	// Now is the clock for grant expiry; time.Now when nil.
	Now func() time.Time
	// Logger receives the causes of 500 answers of the handlers, which
	// clients never see; nothing is logged when nil.
	Logger *slog.Logger
}

// Store is a media store on the local filesystem. It is safe for
// concurrent use: objects appear by an atomic rename, so a reader sees the
// old object or the new one, never a part.
type Store struct {
	dir     string
	baseURL string
	key     []byte
	now     func() time.Time
	log     *slog.Logger
}

// New checks cfg, creates the directory and returns the store. Errors name
// the offending Config field.
func New(cfg Config) (*Store, error) {
	if strings.TrimSpace(cfg.Dir) == "" {
		return nil, errors.New("local: Dir: must be set")
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("local: Dir: %w", err)
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("local: BaseURL: %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if len(cfg.SigningKey) < MinSigningKeyLen {
		return nil, fmt.Errorf("local: SigningKey: must be at least %d bytes", MinSigningKeyLen)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("local: Dir: %w", err)
	}
	s := &Store{
		dir:     dir,
		baseURL: strings.TrimSuffix(u.String(), "/"),
		key:     append([]byte(nil), cfg.SigningKey...),
		now:     cfg.Now,
		log:     cfg.Logger,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// URL returns BaseURL+"/media/"+key, or "" for an invalid key, so that a
// bad key never turns into a link somewhere else.
func (s *Store) URL(key string) string {
	if storage.CheckKey(key) != nil {
		return ""
	}
	return s.baseURL + "/media/" + key
}

// Put writes r to a temporary file beside the object's final place and
// renames it into place once the bytes are on disk. On any failure the
// temporary file is removed, so nothing is left behind and an existing
// object under key is untouched. contentType is not kept: the local store
// has no metadata, and serves the type of the key's extension.
func (s *Store) Put(ctx context.Context, key, contentType string, r io.Reader, size int64) (app.Object, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.Object{}, fmt.Errorf("local: put: %w", err)
	}
	n, err := s.write(ctx, key, r, size)
	if err != nil {
		return app.Object{}, fmt.Errorf("local: put: %w", err)
	}
	return app.Object{Key: key, URL: s.URL(key), Size: n}, nil
}

func (s *Store) write(ctx context.Context, key string, r io.Reader, size int64) (int64, error) {
	return s.writeWith(ctx, key, r, size, func(root *os.Root, tmp string) error {
		return root.Rename(tmp, key)
	})
}

// errExists reports that an object is already under the key of a
// create-only write.
var errExists = errors.New("local: object already exists")

// create writes r under key like Put, but only if no object is there, and
// only if admit, asked once the bytes are on disk, still allows it. A
// hard link puts the file in place, which unlike a rename fails when the
// name is taken, so two racing writers cannot replace each other's bytes.
func (s *Store) create(ctx context.Context, key string, r io.Reader, size int64, admit func() error) (int64, error) {
	return s.writeWith(ctx, key, r, size, func(root *os.Root, tmp string) error {
		if err := admit(); err != nil {
			return err
		}
		if err := root.Link(tmp, key); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return errExists
			}
			return err
		}
		// The link is the object now; a crash before this removal
		// leaves a temporary file that ReapTemp deletes.
		_ = root.Remove(tmp)
		return nil
	})
}

// writeWith streams r into a temporary file beside key's place, syncs it,
// and hands it to place, which puts it at key. On any failure the
// temporary file is removed.
func (s *Store) writeWith(ctx context.Context, key string, r io.Reader, size int64, place func(root *os.Root, tmp string) error) (n int64, err error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	if dir := path.Dir(key); dir != "." {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return 0, err
		}
	}
	// The leading dot keeps the temporary name out of reach of any valid
	// key, so MediaHandler never serves a file being written.
	tmp := path.Join(path.Dir(key), tempPrefix+rand.Text()+tempSuffix)
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = root.Remove(tmp)
		}
	}()
	src := streamio.NewReader(ctx, r, size)
	if n, err = io.Copy(f, src); err != nil {
		return 0, err
	}
	// Sync before the file is put in place: after a crash, an empty file
	// at a key would be served forever, as keys are immutable.
	if err = f.Sync(); err != nil {
		return 0, err
	}
	if err = f.Close(); err != nil {
		return 0, err
	}
	if err = place(root, tmp); err != nil {
		return 0, err
	}
	return n, nil
}

// Delete removes the file; a missing file is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := storage.CheckKey(key); err != nil {
		return fmt.Errorf("local: delete: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("local: delete: %w", err)
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return fmt.Errorf("local: delete: %w", err)
	}
	defer root.Close()
	fi, err := root.Lstat(key)
	if errors.Is(notFound(err), app.ErrObjectNotFound) || (err == nil && fi.IsDir()) {
		// A directory is never an object; refusing to remove it keeps a
		// key such as "videos/u1" from deleting a user's empty folder.
		return nil
	}
	if err == nil {
		err = root.Remove(key)
	}
	if err != nil && !errors.Is(notFound(err), app.ErrObjectNotFound) {
		return fmt.Errorf("local: delete: %w", err)
	}
	return nil
}

// Ping checks that the directory exists and is writable, by creating and
// removing a probe file.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("local: ping: %w", err)
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return fmt.Errorf("local: ping: %w", err)
	}
	defer root.Close()
	probe := ".ping-" + rand.Text()
	f, err := root.OpenFile(probe, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("local: ping: directory not writable: %w", err)
	}
	_ = f.Close()
	if err := root.Remove(probe); err != nil {
		return fmt.Errorf("local: ping: %w", err)
	}
	return nil
}
