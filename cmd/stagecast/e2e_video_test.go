package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// videoFlow uploads a video as curl would, plays it with a range request
// from /media, finds it in the lists and the history, and deletes it,
// files included.
func videoFlow(t *testing.T, c *http.Client, base, workdir string) {
	t.Helper()
	video, err := os.ReadFile("../../testdata/media/moov-last.mp4")
	if err != nil {
		t.Fatal(err)
	}
	thumb, err := os.ReadFile("../../testdata/media/image.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("title", "First light")
	w, _ := mw.CreateFormFile("video", "clip.mp4")
	w.Write(video)
	w, _ = mw.CreateFormFile("thumbnail", "thumb.jpg")
	w.Write(thumb)
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/video", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	var created struct {
		Data struct {
			ID        string  `json:"_id"`
			Duration  float64 `json:"duration"`
			VideoFile struct {
				URL      string `json:"url"`
				PublicID string `json:"public_id"`
			} `json:"videoFile"`
		} `json:"data"`
	}
	decode(t, send(t, c, req, 201), &created)
	v := created.Data
	if v.Duration < 1.45 || v.Duration > 1.55 || !strings.HasPrefix(v.VideoFile.URL, "http://localhost:") {
		t.Fatalf("created %+v", v)
	}

	// Seeking: the player asks for a byte range.
	rng, _ := http.NewRequest("GET", base+"/media/"+v.VideoFile.PublicID, nil)
	rng.Header.Set("Range", "bytes=1000-1999")
	res, err := c.Do(rng)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 206 || !bytes.Equal(part, video[1000:2000]) || res.Header.Get("Content-Range") != fmt.Sprintf("bytes 1000-1999/%d", len(video)) {
		t.Fatalf("range: %d %v", res.StatusCode, res.Header)
	}

	// Unpublished videos are only in the owner's list; published, in everyone's.
	if list := get(t, c, base+"/api/v1/video", 200); strings.Contains(list, v.ID) {
		t.Fatal("unpublished video listed")
	}
	req, _ = http.NewRequest("PATCH", base+"/api/v1/video/publish-status/"+v.ID, nil)
	send(t, c, req, 200)
	if list := get(t, c, base+"/api/v1/video", 200); !strings.Contains(list, v.ID) {
		t.Fatal("published video not listed")
	}
	get(t, c, base+"/api/v1/video/"+v.ID, 200)
	if h := get(t, c, base+"/api/v1/user/history", 200); !strings.Contains(h, v.ID) {
		t.Fatalf("history: %s", h)
	}
	liveFlow(t, c, base, v.ID)

	media := filepath.Join(workdir, "data", "media")
	if n := countFiles(t, media); n != 2 {
		t.Fatalf("%d media files, want 2", n)
	}
	req, _ = http.NewRequest("DELETE", base+"/api/v1/video/"+v.ID, nil)
	send(t, c, req, 200)
	get(t, c, base+"/api/v1/video/"+v.ID, 404)
	if n := countFiles(t, media); n != 0 {
		t.Fatalf("%d media files left after delete", n)
	}
}

func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n++
		}
		return nil
	})
	return n
}
