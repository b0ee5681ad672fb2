package uploads

import (
	"bufio"
	"context"
	"errors"
	"io"
	"time"

	"github.com/stagecast/stagecast/app"
)

// StoreUpload streams one uploaded file into storage: it reads the format
// from the first bytes, enforces the kind's size limit while streaming, and
// for a video reads the duration from the stored container. The key is
// reserved in the trash before a byte is stored, so an upload cut short by
// a crash is reaped; the use case that writes the row claims it. Nothing
// stays in storage when any check fails.
func (s *Service) StoreUpload(ctx context.Context, p app.Principal, k MediaKind, r io.Reader) (StoredMedia, error) {
	br := bufio.NewReaderSize(r, app.SniffLen)
	head, err := br.Peek(app.SniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return StoredMedia{}, err
	}
	if len(head) == 0 {
		return StoredMedia{}, ErrEmptyUpload
	}
	format, ok := s.probe.Sniff(head)
	if !ok || format.IsVideo() != k.wantVideo() {
		return StoredMedia{}, typeError(k)
	}
	key, err := s.newKey(k, p.UserID, format.Ext)
	if err != nil {
		return StoredMedia{}, err
	}
	if err := s.trash.Reserve(ctx, key, s.now().Add(s.streamReserve()), time.Time{}); err != nil {
		return StoredMedia{}, err
	}
	lr := &limitReader{r: br, left: s.limit(k)}
	obj, err := s.media.Put(ctx, key, format.MIME, lr, -1)
	if lr.exceeded {
		s.abandon(ctx, key) // Put promises to leave nothing, but a leak costs money
		return StoredMedia{}, s.tooLarge(k)
	}
	if err != nil {
		s.abandon(ctx, key)
		return StoredMedia{}, err
	}
	stored := StoredMedia{Kind: k, Key: key, URL: obj.URL, Size: obj.Size, Duration: obj.Duration}
	if k.wantVideo() {
		if stored.Duration <= 0 {
			stored.Duration, err = s.readDuration(ctx, key, obj.Size)
		} else {
			err = s.checkDuration(stored.Duration)
		}
		if err != nil {
			s.abandon(ctx, key)
			return StoredMedia{}, err
		}
	}
	return stored, nil
}

// streamReserve is how long the key of a streamed upload stays reserved:
// longer than the slowest upload the HTTP layer lets through (the largest
// form at the minimum rate), with hours to spare for a slow storage, so
// that the sweeper never reaps a file whose request is still running.
func (s *Service) streamReserve() time.Duration {
	bytes := s.set.MaxVideoBytes + s.set.MaxImageBytes
	return time.Duration(bytes/MinUploadRate+1)*time.Second + 6*time.Hour
}

// MinUploadRate is the slowest a streamed upload body may arrive, in bytes
// per second on average. The HTTP layer refuses slower bodies, so that slow
// clients cannot hold connections; the core uses it to bound how long a
// streamed upload can take, and so how long its key stays reserved.
const MinUploadRate = 16 << 10
