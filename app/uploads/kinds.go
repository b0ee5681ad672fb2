package uploads

import (
	"fmt"

	"github.com/stagecast/stagecast/domain/errs"
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
	ErrVideoType     = errs.Define(errs.Invalid, "uploads.video_type", "Invalid video file type. Only MP4 or QuickTime allowed.").ForField("video")
	ErrThumbnailType = errs.Define(errs.Invalid, "uploads.thumbnail_type", "Invalid thumbnail type. Only JPEG, PNG or WebP allowed.").ForField("thumbnail")
	ErrAvatarType    = errs.Define(errs.Invalid, "uploads.avatar_type", "Invalid profileImage file").ForField("profileImage")
	ErrNoDuration    = errs.Define(errs.Invalid, "uploads.no_duration", "Could not read the video's duration").ForField("video")
	// ErrTooLarge is a file over its kind's limit; the message names the
	// limit.
	ErrTooLarge = errs.Define(errs.TooLarge, "uploads.too_large", "The file exceeds its size limit")
	// ErrTooLong is a video longer than allowed; the message names the
	// limit.
	ErrTooLong     = errs.Define(errs.Invalid, "uploads.too_long", "The video is longer than allowed").ForField("video")
	ErrEmptyUpload = errs.Define(errs.Invalid, "uploads.empty", "The uploaded file is empty")
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
func (s *Service) limit(k MediaKind) int64 {
	if k.wantVideo() {
		return s.set.MaxVideoBytes
	}
	return s.set.MaxImageBytes
}

// tooLarge is the answer to a file over its kind's limit.
func (s *Service) tooLarge(k MediaKind) error {
	name := map[MediaKind]string{KindVideo: "Video file", KindThumbnail: "Thumbnail", KindAvatar: "profileImage"}[k]
	return ErrTooLarge.WithMessage(fmt.Sprintf("%s exceeds %s size limit", name, megabytes(s.limit(k))))
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%dMB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
