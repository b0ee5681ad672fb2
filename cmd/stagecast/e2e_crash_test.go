package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/sqlstore"
	"github.com/stagecast/stagecast/domain/media"
	"github.com/stagecast/stagecast/domain/video"
)

// TestKilledDuringUpload kills the server with SIGKILL after the video part
// of a multipart upload is stored but before the form ends. The stored
// file has no row, and must not be left for ever: its key was reserved in
// the trash before a byte was written, so the sweeper reaps it.
func TestKilledDuringUpload(t *testing.T) {
	workdir := t.TempDir()
	srv := start(t, buildBinary(t), workdir)
	// The thumbnail part never ends: the request is still reading it when
	// the process dies.
	_, stored := startHeldUpload(t, srv, signIn(t, srv), workdir,
		"Content-Disposition: form-data; name=\"thumbnail\"; filename=\"t.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG")
	mediaDir := filepath.Join(workdir, "data", "media")
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-srv.done

	key, _ := filepath.Rel(mediaDir, stored)
	key = filepath.ToSlash(key)
	db, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(workdir, "data", "stagecast.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.Trash().Due(context.Background(), time.Now().Add(100*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var reserved *media.TrashItem
	for i := range items {
		if items[i].Key == key {
			reserved = &items[i]
		}
	}
	if reserved == nil || reserved.State != media.TrashPending || !reserved.DueAt.After(time.Now()) {
		t.Fatalf("the orphan %s is not reserved for reaping: %+v", key, items)
	}
	page, err := db.Videos().List(context.Background(), video.Query{Sort: video.SortCreatedAt, Limit: 10, Page: 1})
	if err != nil || page.Total != 0 {
		t.Fatalf("videos after the crash: %d (%v)", page.Total, err)
	}
}
