package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/media"
)

// MediaKind says what an uploaded object is for.
type MediaKind string

// The kinds of upload.
const (
	KindVideo     MediaKind = "video"
	KindThumbnail MediaKind = "thumbnail"
	KindAvatar    MediaKind = "avatar"
)

// ParseMediaKind accepts video, thumbnail or avatar.
func ParseMediaKind(s string) (MediaKind, error) {
	switch k := MediaKind(s); k {
	case KindVideo, KindThumbnail, KindAvatar:
		return k, nil
	}
	return "", errs.InvalidFields(errs.FieldError{Field: "kind", Message: "Kind must be video, thumbnail or avatar"})
}

// wantVideo reports whether the kind holds a video rather than an image.
func (k MediaKind) wantVideo() bool { return k == KindVideo }

// StoredMedia is an upload that passed the checks and sits in storage.
type StoredMedia struct {
	Kind     MediaKind
	Key      string
	URL      string
	Size     int64
	Duration float64 // seconds, for videos
	// direct marks an upload made straight to storage: its key was
	// reserved by SignUpload rather than by StoreUpload.
	direct bool
}

// Errors of uploads.
var (
	ErrVideoType     = errs.New(errs.Invalid, "Invalid video file type. Only MP4 or QuickTime allowed.")
	ErrThumbnailType = errs.New(errs.Invalid, "Invalid thumbnail type. Only JPEG, PNG or WebP allowed.")
	ErrAvatarType    = errs.New(errs.Invalid, "Invalid profileImage file")
	ErrNoDuration    = errs.New(errs.Invalid, "Could not read the video's duration")
	ErrEmptyUpload   = errs.New(errs.Invalid, "The uploaded file is empty")
)

// typeError is the answer to a file whose bytes are not of the kind.
func typeError(k MediaKind) error {
	switch k {
	case KindVideo:
		return ErrVideoType
	case KindThumbnail:
		return ErrThumbnailType
	}
	return ErrAvatarType
}

// limit returns the size limit of a kind.
func (a *App) limit(k MediaKind) int64 {
	if k.wantVideo() {
		return a.set.MaxVideoBytes
	}
	return a.set.MaxImageBytes
}

// tooLarge is the answer to a file over its kind's limit.
func (a *App) tooLarge(k MediaKind) error {
	name := map[MediaKind]string{KindVideo: "Video file", KindThumbnail: "Thumbnail", KindAvatar: "profileImage"}[k]
	return errs.New(errs.TooLarge, fmt.Sprintf("%s exceeds %s size limit", name, megabytes(a.limit(k))))
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%dMB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// StoreUpload streams one uploaded file into storage: it reads the format
// from the first bytes, enforces the kind's size limit while streaming, and
// for a video reads the duration from the stored container. The key is
// reserved in the trash before a byte is stored, so an upload cut short by
// a crash is reaped; the use case that writes the row claims it. Nothing
// stays in storage when any check fails.
func (a *App) StoreUpload(ctx context.Context, p Principal, k MediaKind, r io.Reader) (StoredMedia, error) {
	br := bufio.NewReaderSize(r, media.SniffLen)
	head, err := br.Peek(media.SniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return StoredMedia{}, err
	}
	if len(head) == 0 {
		return StoredMedia{}, ErrEmptyUpload
	}
	format, ok := media.Sniff(head)
	if !ok || format.IsVideo() != k.wantVideo() {
		return StoredMedia{}, typeError(k)
	}
	key, err := a.newKey(k, p.UserID, format.Ext)
	if err != nil {
		return StoredMedia{}, err
	}
	if err := a.trash.Reserve(ctx, key, a.now().Add(a.streamReserve()), time.Time{}); err != nil {
		return StoredMedia{}, err
	}
	lr := &limitReader{r: br, left: a.limit(k)}
	obj, err := a.media.Put(ctx, key, format.MIME, lr, -1)
	if lr.exceeded {
		a.abandon(ctx, key) // Put promises to leave nothing, but a leak costs money
		return StoredMedia{}, a.tooLarge(k)
	}
	if err != nil {
		a.abandon(ctx, key)
		return StoredMedia{}, err
	}
	stored := StoredMedia{Kind: k, Key: key, URL: obj.URL, Size: obj.Size, Duration: obj.Duration}
	if k.wantVideo() {
		if stored.Duration <= 0 {
			stored.Duration, err = a.readDuration(ctx, key, obj.Size)
		} else {
			err = a.checkDuration(stored.Duration)
		}
		if err != nil {
			a.abandon(ctx, key)
			return StoredMedia{}, err
		}
	}
	return stored, nil
}

// streamReserve is how long the key of a streamed upload stays reserved:
// longer than the slowest upload the HTTP layer lets through (the largest
// form at the minimum rate), with hours to spare for a slow storage, so
// that the sweeper never reaps a file whose request is still running.
func (a *App) streamReserve() time.Duration {
	bytes := a.set.MaxVideoBytes + a.set.MaxImageBytes
	return time.Duration(bytes/MinUploadRate+1)*time.Second + 6*time.Hour
}

// readDuration reads a stored video's length from its container with a few
// ranged reads, wherever the moov box sits, and checks it.
func (a *App) readDuration(ctx context.Context, key string, size int64) (float64, error) {
	d, err := media.Duration(rangeReader{ctx: ctx, store: a.media, key: key}, size)
	switch {
	case errors.Is(err, media.ErrNotMP4), errors.Is(err, media.ErrNoDuration):
		a.log.InfoContext(ctx, "video without readable duration", "key", key, "err", err)
		return 0, ErrNoDuration
	case err != nil:
		return 0, err // storage failed; not the client's fault
	}
	return d, a.checkDuration(d)
}

// checkDuration refuses a length that no real video has: not a finite
// number, or over the configured maximum (a crafted header can claim 10^19
// seconds).
func (a *App) checkDuration(d float64) error {
	if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
		return ErrNoDuration
	}
	if d > a.set.MaxVideoDuration.Seconds() {
		return errs.New(errs.Invalid, "Video is longer than the "+shortDuration(a.set.MaxVideoDuration)+" limit")
	}
	return nil
}

// shortDuration writes d as people do: "24h", "90m", "45s".
func shortDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

// limitReader fails once more than left bytes were read, and remembers it,
// so that an upload stops at the limit whatever the adapter does with the
// error.
type limitReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

var errLimit = errors.New("upload over the size limit")

func (l *limitReader) Read(p []byte) (int, error) {
	if l.exceeded {
		return 0, errLimit
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1] // one byte past the limit tells "over" from "exactly at"
	}
	n, err := l.r.Read(p)
	if int64(n) > l.left {
		l.exceeded = true
		return int(l.left), errLimit
	}
	l.left -= int64(n)
	return n, err
}

// rangeReader reads a stored object through ranged reads.
type rangeReader struct {
	ctx   context.Context
	store MediaStore
	key   string
}

func (r rangeReader) ReadAt(p []byte, off int64) (int, error) {
	b, err := r.store.ReadRange(r.ctx, r.key, off, int64(len(p)))
	n := copy(p, b)
	if err != nil {
		return n, err
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// MinUploadRate is the slowest a streamed upload body may arrive, in bytes
// per second on average. The HTTP layer refuses slower bodies, so that slow
// clients cannot hold connections; the core uses it to bound how long a
// streamed upload can take, and so how long its key stays reserved.
const MinUploadRate = 16 << 10
