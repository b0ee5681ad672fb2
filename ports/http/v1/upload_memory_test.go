package v1_test

import (
	"encoding/binary"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/stagecast/stagecast/adapters/storage/cloudinary"
	"github.com/stagecast/stagecast/adapters/storage/cloudinary/cloudinaryfake"
	"github.com/stagecast/stagecast/adapters/storage/supabase"
	"github.com/stagecast/stagecast/adapters/storage/supabase/supabasefake"
	"github.com/stagecast/stagecast/wiring"
)

// bigVideoSize is just under the 100 MB limit.
const bigVideoSize = 100<<20 - 64<<10

// bigVideo streams a valid MP4 of n bytes without holding it: the header
// boxes of a real file, then an mdat box of zeros filling the rest.
func bigVideo(t testing.TB, n int64) io.Reader {
	t.Helper()
	src := fixture(t, "moov-first.mp4")
	// Keep every top-level box before mdat (ftyp, moov, free...).
	var headLen int
	for off := 0; off+8 <= len(src); {
		size := int(binary.BigEndian.Uint32(src[off:]))
		if string(src[off+4:off+8]) == "mdat" || size < 8 {
			break
		}
		off += size
		headLen = off
	}
	head := src[:headLen]
	mdat := make([]byte, 8)
	binary.BigEndian.PutUint32(mdat, uint32(n-int64(len(head))))
	copy(mdat[4:], "mdat")
	return io.MultiReader(bytesReader(head), bytesReader(mdat), io.LimitReader(zeros{}, n-int64(len(head))-8))
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func bytesReader(b []byte) io.Reader { return &sliceReader{b: b} }

type sliceReader struct{ b []byte }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// TestUploadHundredMegabytesAllocatesLittle uploads a 100 MB video through
// the API, with every storage adapter, and checks that the whole process
// (client, server and storage fake together) allocates less than 16 MB:
// the upload is streamed, never buffered whole.
func TestUploadHundredMegabytesAllocatesLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 100 MB per adapter")
	}
	adapters := map[string]func(t *testing.T, o *wiring.Overrides){
		"local": nil,
		"supabase": func(t *testing.T, o *wiring.Overrides) {
			fake := supabasefake.New(t, "service-key", "media", supabasefake.DiscardBodies())
			st, err := supabase.New(supabase.Config{URL: fake.URL(), ServiceRoleKey: "service-key", Bucket: "media", HTTPClient: fake.Client()})
			if err != nil {
				t.Fatal(err)
			}
			o.Media = st
		},
		"cloudinary": func(t *testing.T, o *wiring.Overrides) {
			fake := cloudinaryfake.New(t, "demo", "key", "secret", cloudinaryfake.DiscardBodies(), cloudinaryfake.WithVideoDuration(2))
			st, err := cloudinary.New(cloudinary.Config{CloudName: "demo", APIKey: "key", APISecret: "secret",
				APIBase: fake.APIBase(), DeliveryBase: fake.DeliveryBase()})
			if err != nil {
				t.Fatal(err)
			}
			o.Media = st
		},
	}
	for name, setup := range adapters {
		t.Run(name, func(t *testing.T) {
			e := newEnvWith(t, nil, func(o *wiring.Overrides) {
				if setup != nil {
					setup(t, o)
				}
			})
			e.signup("ada")
			c := e.login("ada")

			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				mw.WriteField("title", "Big one")
				w, _ := mw.CreateFormFile("thumbnail", "t.png")
				w.Write(fixture(t, "image.png"))
				w, _ = mw.CreateFormFile("video", "big.mp4")
				_, err := io.Copy(w, bigVideo(t, bigVideoSize))
				if err == nil {
					err = mw.Close()
				}
				pw.CloseWithError(err)
			}()

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			req := httptest.NewRequest("POST", "/api/v1/video", pr)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.AddCookie(cookie("accessToken", c.cookies["accessToken"]))
			rec := e.raw(req)
			runtime.ReadMemStats(&after)

			if rec.Code != 201 {
				t.Fatalf("upload: %d %s", rec.Code, rec.Body)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %d MiB uploaded, %.1f MiB allocated", name, bigVideoSize>>20, float64(alloc)/(1<<20))
			if alloc >= 16<<20 {
				t.Fatalf("allocated %s for a 100 MB upload, want < 16 MiB", fmt.Sprint(alloc))
			}
		})
	}
}

func cookie(name, value string) *http.Cookie { return &http.Cookie{Name: name, Value: value} }
