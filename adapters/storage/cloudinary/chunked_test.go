package cloudinary_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/cloudinary/cloudinaryfake"
	"github.com/stagecast/stagecast/adapters/storage/storagetest"
	"github.com/stagecast/stagecast/app"
)

const mib = 1 << 20

func uploads(f *cloudinaryfake.Fake) []cloudinaryfake.Call {
	var out []cloudinaryfake.Call
	for _, c := range f.Calls() {
		if c.Op == "upload" {
			out = append(out, c)
		}
	}
	return out
}

func TestChunkedUpload(t *testing.T) {
	const size = 13 * mib
	for _, c := range []struct {
		name      string
		announced int64
		ranges    []string
	}{
		{"unknown size", -1, []string{"bytes 0-5242879/-1", "bytes 5242880-10485759/-1", "bytes 10485760-13631487/13631488"}},
		{"known size", size, []string{"bytes 0-5242879/13631488", "bytes 5242880-10485759/13631488", "bytes 10485760-13631487/13631488"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
			f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now), cloudinaryfake.WithVideoDuration(12.5))
			s := newStore(t, f, clock.Now, 5*mib)
			const key = "videos/u1/big.mp4"
			obj, err := s.Put(context.Background(), key, "video/mp4", storagetest.NewPattern(3, size), c.announced)
			if err != nil {
				t.Fatal(err)
			}
			if obj.Size != size || obj.Duration != 12.5 || !strings.Contains(obj.URL, "/video/upload/v") || !strings.HasSuffix(obj.URL, "/videos/u1/big.mp4") {
				t.Fatalf("Put returned %+v", obj)
			}
			calls := uploads(f)
			if len(calls) != len(c.ranges) {
				t.Fatalf("%d upload calls, want %d", len(calls), len(c.ranges))
			}
			for i, call := range calls {
				if call.ContentRange != c.ranges[i] || call.UploadID != calls[0].UploadID || call.UploadID == "" || call.ResourceType != "video" || call.Status != 200 {
					t.Errorf("chunk %d: %+v, want range %q", i, call, c.ranges[i])
				}
			}
			got, ok := f.Asset("video", "videos/u1/big")
			if !ok || !bytes.Equal(got, storagetest.PatternBytes(3, size)) {
				t.Fatalf("assembled asset differs (%d bytes)", len(got))
			}
		})
	}
}

func TestChunkAlignedUnknownSize(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 5*mib)
	if _, err := s.Put(context.Background(), "videos/u1/a.mp4", "video/mp4", storagetest.NewPattern(4, 10*mib), -1); err != nil {
		t.Fatal(err)
	}
	calls := uploads(f)
	if len(calls) != 2 || calls[0].ContentRange != "bytes 0-5242879/-1" || calls[1].ContentRange != "bytes 5242880-10485759/10485760" {
		t.Fatalf("calls %+v", calls)
	}
	// A stream of unknown length that fits in one chunk is one plain upload.
	if _, err := s.Put(context.Background(), "videos/u1/b.mp4", "video/mp4", storagetest.NewPattern(4, 5*mib), -1); err != nil {
		t.Fatal(err)
	}
	if calls = uploads(f); len(calls) != 3 || calls[2].UploadID != "" || calls[2].ContentRange != "" {
		t.Fatalf("small stream: %+v", calls[2:])
	}
}

func TestChunkedUploadFailingMidway(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 5*mib)
	for _, size := range []int64{-1, 12 * mib} {
		src := storagetest.FailAfter(storagetest.NewPattern(5, 12*mib), 7*mib, storagetest.ErrSourceFailed)
		_, err := s.Put(context.Background(), "videos/u1/a.mp4", "video/mp4", src, size)
		if !errors.Is(err, storagetest.ErrSourceFailed) {
			t.Fatalf("size %d: Put = %v, want the source's error", size, err)
		}
	}
	// The first chunks were accepted and stay parked; no asset appears.
	if got := f.Assets(); len(got) != 0 {
		t.Fatalf("assets %v", got)
	}
	if n := f.PendingChunkedUploads(); n != 2 {
		t.Fatalf("%d pending chunked uploads, want 2", n)
	}
	if _, err := s.Stat(context.Background(), "videos/u1/a.mp4"); !errors.Is(err, app.ErrObjectNotFound) {
		t.Fatalf("Stat: %v", err)
	}
}

// post sends one upload request with the fields of a signed target, a
// file of data, and extra headers.
func post(t *testing.T, f *cloudinaryfake.Fake, target app.UploadTarget, data []byte, headers map[string]string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range target.Fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "a.mp4")
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", target.URL, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestFakeRejectsBadChunks(t *testing.T) {
	clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
	f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
	s := newStore(t, f, clock.Now, 5*mib)
	target, err := s.SignUpload(context.Background(), "videos/u1/a.mp4", "video/mp4", 20*mib, clock.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	chunk := func(id string, start, n, total int64) (int, string) {
		return post(t, f, target, make([]byte, n), map[string]string{
			"X-Unique-Upload-Id": id,
			"Content-Range":      fmt.Sprintf("bytes %d-%d/%d", start, start+n-1, total),
		})
	}
	five := int64(5 * mib)
	for _, c := range []struct {
		name   string
		steps  func() (int, string)
		status int
		msg    string
	}{
		{"gap", func() (int, string) { chunk("gap", 0, five, -1); return chunk("gap", five+1, five, -1) }, 400, "contiguous"},
		{"overlap", func() (int, string) { chunk("ovl", 0, five, -1); return chunk("ovl", five-10, five, -1) }, 400, "contiguous"},
		{"first chunk missing", func() (int, string) { return chunk("late", five, five, -1) }, 400, "contiguous"},
		{"small chunk", func() (int, string) { return chunk("small", 0, mib, -1) }, 400, "minimum"},
		{"totals differ", func() (int, string) { chunk("tot", 0, five, 3*five); return chunk("tot", five, five, 4*five) }, 400, "total"},
		{"range and size differ", func() (int, string) {
			return post(t, f, target, make([]byte, 10), map[string]string{"X-Unique-Upload-Id": "len", "Content-Range": "bytes 0-99/100"})
		}, 400, "announces"},
		{"bad range", func() (int, string) {
			return post(t, f, target, make([]byte, 10), map[string]string{"X-Unique-Upload-Id": "bad", "Content-Range": "0-9/10"})
		}, 400, "Content-Range"},
	} {
		status, body := c.steps()
		if status != c.status || !strings.Contains(body, c.msg) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, status, body, c.status, c.msg)
		}
	}
	if got := f.Assets(); len(got) != 0 {
		t.Fatalf("bad chunks made assets %v", got)
	}
}
