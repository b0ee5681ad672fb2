package wiring

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/stagecast/stagecast/config"
)

// secretFile keeps the generated development JWT secret across restarts.
const secretFile = "jwt-access-secret"

// accessSecret returns JWT_ACCESS_SECRET, or outside production a secret
// generated once and kept in DATA_DIR, so that restarts keep sessions.
func accessSecret(cfg config.Config) ([]byte, error) {
	if cfg.Auth.JWTAccessSecret.IsSet() {
		return []byte(cfg.Auth.JWTAccessSecret.Reveal()), nil
	}
	if cfg.IsProduction() {
		return nil, fmt.Errorf("%w: JWT_ACCESS_SECRET is required in production", ErrConfig)
	}
	path := filepath.Join(cfg.DataDir, secretFile)
	b, err := os.ReadFile(path)
	if err == nil {
		s, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(s) < 32 {
			return nil, fmt.Errorf("%s is damaged: delete it to make a new one", path)
		}
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	s := make([]byte, 32)
	if _, err := rand.Read(s); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, err
	}
	// O_EXCL: two processes starting at once must not both write a secret.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return accessSecret(cfg)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(hex.EncodeToString(s) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	return s, f.Close()
}

// deriveKey makes a purpose-bound key from the master secret, so that one
// secret can key several uses without the uses sharing a key.
func deriveKey(master []byte, purpose string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte("stagecast/" + purpose))
	return m.Sum(nil)
}
