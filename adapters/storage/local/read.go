package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/app"
)

// Stat returns the file's size, and the content type of its extension:
// the local store keeps no metadata beside the bytes.
func (s *Store) Stat(ctx context.Context, key string) (app.ObjectInfo, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.ObjectInfo{}, fmt.Errorf("local: stat: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return app.ObjectInfo{}, fmt.Errorf("local: stat: %w", err)
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return app.ObjectInfo{}, fmt.Errorf("local: stat: %w", err)
	}
	defer root.Close()
	fi, err := root.Stat(key)
	if err != nil {
		return app.ObjectInfo{}, fmt.Errorf("local: stat: %w", notFound(err))
	}
	if !fi.Mode().IsRegular() {
		return app.ObjectInfo{}, fmt.Errorf("local: stat: %w", app.ErrObjectNotFound)
	}
	return app.ObjectInfo{Size: fi.Size(), ContentType: storage.ContentType(key)}, nil
}

// ReadRange reads up to length bytes at offset with one ReadAt.
func (s *Store) ReadRange(ctx context.Context, key string, offset, length int64) ([]byte, error) {
	if err := storage.CheckKey(key); err != nil {
		return nil, fmt.Errorf("local: read: %w", err)
	}
	if offset < 0 || length < 0 {
		return nil, errors.New("local: read: negative offset or length")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("local: read: %w", err)
	}
	f, fi, err := s.open(key)
	if err != nil {
		return nil, fmt.Errorf("local: read: %w", err)
	}
	defer f.Close()
	if offset >= fi.Size() {
		return []byte{}, nil
	}
	buf := make([]byte, min(length, fi.Size()-offset))
	n, err := f.ReadAt(buf, offset)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("local: read: %w", err)
	}
	return buf[:n], nil
}

// open opens the regular file of key, or fails with app.ErrObjectNotFound.
func (s *Store) open(key string) (*os.File, fs.FileInfo, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close() // files opened through a Root outlive it
	f, err := root.Open(key)
	if err != nil {
		return nil, nil, notFound(err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = app.ErrObjectNotFound
	}
	if err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// notFound maps a missing path (or a path through a regular file, which
// also cannot exist) to app.ErrObjectNotFound and keeps other errors.
func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return app.ErrObjectNotFound
	}
	return err
}
