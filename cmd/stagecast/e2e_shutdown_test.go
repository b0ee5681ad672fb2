package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStopsWithARequestInFlight sends SIGTERM in the middle of an upload
// whose client stopped sending, with a short SHUTDOWN_TIMEOUT: the upload
// is cut when the timeout passes, and the process still exits cleanly.
func TestStopsWithARequestInFlight(t *testing.T) {
	workdir := t.TempDir()
	if err := os.WriteFile(filepath.Join(workdir, ".env"), []byte("SHUTDOWN_TIMEOUT=100ms\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := start(t, buildBinary(t), workdir)
	// Once the video is stored, the request is surely in its handler.
	startHeldUpload(t, srv, signIn(t, srv), workdir, "")
	srv.stop(t)
	if !strings.Contains(srv.logText(), "closing their connections") {
		t.Fatalf("the upload was not cut; log:\n%s", srv.logText())
	}
}
