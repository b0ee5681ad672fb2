package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// clearEnv unsets every variable Load reads for the duration of the test, so
// that the developer's or CI's own environment cannot change the outcome.
// t.Setenv first records the value to restore afterwards.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, v := range Variables() {
		t.Setenv(v.Name, "")
		os.Unsetenv(v.Name)
	}
}

// writeFile writes content to name in a fresh temporary directory.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFromOSMergesDotenvWithRealEnvWinning(t *testing.T) {
	clearEnv(t)
	path := writeFile(t, ".env", strings.Join([]string{
		"# comment",
		"PORT=9001",
		"BCRYPT_COST=12",
		`MAIL_FROM="Ops Team <ops@example.com>"`,
		"export LOG_LEVEL=debug",
		"LOG_FORMAT=text",
	}, "\n"))
	t.Setenv("PORT", "9002")
	t.Setenv("LOG_FORMAT", "") // empty in the real environment: the file's value applies

	cfg, err := FromOS(path)
	if err != nil {
		t.Fatalf("FromOS: %v", err)
	}
	if cfg.HTTP.Port != 9002 {
		t.Errorf("PORT = %d, want the real environment's 9002", cfg.HTTP.Port)
	}
	if cfg.Auth.BcryptCost != 12 || cfg.Mail.From.Name != "Ops Team" || cfg.Log.Level.String() != "DEBUG" {
		t.Errorf("values from .env not applied: %v", cfg)
	}
	if cfg.Log.Format != LogText {
		t.Errorf("LOG_FORMAT = %q, want the file's text", cfg.Log.Format)
	}
}

func TestFromOSWithoutFile(t *testing.T) {
	clearEnv(t)
	t.Setenv("PORT", "7000")
	for name, path := range map[string]string{
		"missing file": filepath.Join(t.TempDir(), ".env"),
		"no path":      "",
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := FromOS(path)
			if err != nil {
				t.Fatalf("FromOS: %v", err)
			}
			if cfg.HTTP.Port != 7000 || cfg.StoreKind() != StoreSQLite {
				t.Errorf("got port %d, store %q", cfg.HTTP.Port, cfg.StoreKind())
			}
		})
	}
}

func TestFromOSRejectsBadFiles(t *testing.T) {
	clearEnv(t)
	const secret = "do-not-print-me"
	tests := map[string]string{
		"unterminated quote": "PORT=8000\nJWT_ACCESS_SECRET='" + secret + "\nMAIL=log\n",
		"bad name":           "PORT 8000\nJWT_ACCESS_SECRET=" + secret + "\n",
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, ".env", content)
			_, err := FromOS(path)
			if err == nil {
				t.Fatal("FromOS succeeded on a malformed file")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error does not name the file: %v", err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows file content: %v", err)
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		if _, err := FromOS(t.TempDir()); err == nil {
			t.Fatal("FromOS succeeded on a directory")
		}
	})
}

func TestFromOSReportsBadValuesFromEitherSource(t *testing.T) {
	clearEnv(t)
	path := writeFile(t, ".env", "BCRYPT_COST=99\n")
	t.Setenv("PORT", "abc")
	_, err := FromOS(path)
	got := errorVars(err)
	if len(got) != 2 || got[0] != "BCRYPT_COST" || got[1] != "PORT" {
		t.Errorf("error names %v, want [BCRYPT_COST PORT]; error: %v", got, err)
	}
}

func TestMergedLookup(t *testing.T) {
	primary := testEnv{"A": "real", "B": "", "C": ""}.lookup
	file := map[string]string{"A": "file", "B": "file"}
	lookup := mergedLookup(primary, file)
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"A", "real", true}, // real environment wins
		{"B", "file", true}, // an empty real value does not hide the file
		{"C", "", true},     // set but empty, nowhere else
		{"D", "", false},    // unset everywhere
	}
	for _, tt := range tests {
		if got, ok := lookup(tt.name); got != tt.want || ok != tt.ok {
			t.Errorf("lookup(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
