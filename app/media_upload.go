package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
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

// keyPrefix is the storage folder of a kind; the owner's id follows it.
func (k MediaKind) keyPrefix() string {
	switch k {
	case KindVideo:
		return "videos/"
	case KindThumbnail:
		return "thumbnails/"
	}
	return "avatars/"
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

// newKey makes the storage key of a new object of the owner.
func (a *App) newKey(k MediaKind, owner id.ID, ext string) string {
	return k.keyPrefix() + owner.String() + "/" + a.ids.New().String() + ext
}

// StoreUpload streams one uploaded file into storage: it reads the format
// from the first bytes, enforces the kind's size limit while streaming, and
// for a video reads the duration from the stored container. Nothing stays
// in storage when any check fails.
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
	key := a.newKey(k, p.UserID, format.Ext)
	lr := &limitReader{r: br, left: a.limit(k)}
	obj, err := a.media.Put(ctx, key, format.MIME, lr, -1)
	if lr.exceeded {
		a.discard(ctx, key) // Put promises to leave nothing, but a leak costs money
		return StoredMedia{}, a.tooLarge(k)
	}
	if err != nil {
		return StoredMedia{}, err
	}
	stored := StoredMedia{Kind: k, Key: key, URL: obj.URL, Size: obj.Size, Duration: obj.Duration}
	if k.wantVideo() && stored.Duration <= 0 {
		if stored.Duration, err = a.readDuration(ctx, key, obj.Size); err != nil {
			a.discard(ctx, key)
			return StoredMedia{}, err
		}
	}
	return stored, nil
}

// readDuration reads a stored video's length from its container with a few
// ranged reads, wherever the moov box sits.
func (a *App) readDuration(ctx context.Context, key string, size int64) (float64, error) {
	d, err := media.Duration(rangeReader{ctx: ctx, store: a.media, key: key}, size)
	switch {
	case errors.Is(err, media.ErrNotMP4), errors.Is(err, media.ErrNoDuration):
		a.log.InfoContext(ctx, "video without readable duration", "key", key, "err", err)
		return 0, ErrNoDuration
	case err != nil:
		return 0, err // storage failed; not the client's fault
	}
	return d, nil
}

// discard deletes objects that must not stay. A deletion that fails goes
// to the trash, whose sweeper retries it.
func (a *App) discard(ctx context.Context, keys ...string) {
	for _, key := range keys {
		if key == "" {
			continue
		}
		if err := a.media.Delete(context.WithoutCancel(ctx), key); err != nil {
			a.log.WarnContext(ctx, "media delete failed; trashed for retry", "key", key, "err", err)
			if err := a.trash.Add(context.WithoutCancel(ctx), a.now(), key); err != nil {
				a.log.ErrorContext(ctx, "media object leaked", "key", key, "err", err)
			}
		}
	}
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

// DiscardUploads deletes stored uploads that will not be used, for a
// request that failed after some of its files were streamed in.
func (a *App) DiscardUploads(ctx context.Context, items ...StoredMedia) {
	for _, it := range items {
		a.discard(ctx, it.Key)
	}
}

// MinUploadRate is the slowest a streamed upload body may arrive, in bytes
// per second on average. The HTTP layer refuses slower bodies, so that slow
// clients cannot hold connections; the core uses it to bound how long a
// streamed upload can take, and so how long its key stays reserved.
const MinUploadRate = 16 << 10
