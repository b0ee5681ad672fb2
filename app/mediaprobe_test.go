package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/errs"
)

// stubProbe answers for every file what a test says, to show that uploads
// reads files through the probe it is given and nothing else.
type stubProbe struct {
	format   app.Format
	duration float64
	err      error
}

func (s stubProbe) Sniff([]byte) (app.Format, bool) { return s.format, s.format != app.Format{} }

func (s stubProbe) Duration(io.ReaderAt, int64) (float64, error) { return s.duration, s.err }

func TestUploadsReadFilesThroughTheProbe(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.principal(t, "ada")
	mov, _ := app.FormatByMIME("video/quicktime")
	storageDown := errors.New("storage: connection reset")
	for _, tc := range []struct {
		name  string
		probe stubProbe
		want  error // nil: stored, as a QuickTime of 42 s
	}{
		{"format and duration come from the probe", stubProbe{format: mov, duration: 42}, nil},
		{"a file the probe cannot read is the client's fault", stubProbe{format: mov, err: app.ErrNotMP4.WithCause(errors.New("no ftyp"))}, uploads.ErrNoDuration},
		{"no duration is the client's fault too", stubProbe{format: mov, err: app.ErrNoDuration}, uploads.ErrNoDuration},
		{"a storage failure is passed on", stubProbe{format: mov, err: storageDown}, storageDown},
		{"a format the probe refuses", stubProbe{}, uploads.ErrVideoType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probed := f.with(t, func(d *deps) { d.uploads.Probe = tc.probe })
			// The bytes are a PNG: only the probe's word counts.
			m, err := probed.uploads.StoreUpload(context.Background(), p, uploads.KindVideo, bytes.NewReader(fixtureFile(t, "image.png")))
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("StoreUpload = %v, want %v", err, tc.want)
				}
				if errors.Is(err, storageDown) && errs.KindOf(err) == errs.Invalid {
					t.Fatal("a storage failure was blamed on the file")
				}
				return
			}
			if err != nil || m.Duration != 42 || !strings.HasSuffix(m.Key, ".mov") {
				t.Fatalf("StoreUpload = %+v, %v; want a .mov of 42 s", m, err)
			}
		})
	}
}

func TestUploadsNeedAProbe(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	d := f.deps.uploads
	d.Probe = nil
	if _, err := uploads.New(d, f.deps.uploadsSet); err == nil {
		t.Fatal("uploads accepted deps without a probe")
	}
}
