package local

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"
)

// Temporary files are named .upload-<random>.tmp beside the object being
// written: the leading dot keeps them out of reach of every valid key.
const (
	tempPrefix = ".upload-"
	tempSuffix = ".tmp"
)

// ReapTemp deletes the temporary files of writes that a crash cut short:
// those last modified before the given time. A write in progress keeps
// touching its file, so a cutoff an hour back never removes a live one. It
// returns how many it deleted.
func (s *Store) ReapTemp(ctx context.Context, before time.Time) (int, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return 0, fmt.Errorf("local: reap temporary files: %w", err)
	}
	defer root.Close()
	reaped := 0
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed meanwhile
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := path.Base(p)
		if d.IsDir() || !d.Type().IsRegular() || !strings.HasPrefix(name, tempPrefix) || !strings.HasSuffix(name, tempSuffix) {
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.ModTime().Before(before) {
			return nil
		}
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		reaped++
		return nil
	})
	if err != nil {
		return reaped, fmt.Errorf("local: reap temporary files: %w", err)
	}
	return reaped, nil
}
