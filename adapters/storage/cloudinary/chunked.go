package cloudinary

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// putChunked uploads src as a chunked upload: the same signed POST
// repeated with X-Unique-Upload-Id and Content-Range: bytes <start>-<end>/
// <total>, one chunk at a time, in order, each of chunkSize bytes but the
// last, through one reused buffer.
//
// The total: when the size was announced, every chunk carries it. When it
// was not (a stream of unknown length), the chunks before the last carry
// -1, as Cloudinary's own SDKs do for streams, and the last carries the
// real total; Cloudinary assembles the asset when a chunk's end reaches
// its total. To know which chunk is the last without knowing the length,
// the reader peeks one byte past each full chunk; that byte starts the
// next chunk.
//
// When src fails, the chunks already sent stay parked at Cloudinary under
// their upload id and are never assembled: no asset appears.
func (s *Store) putChunked(ctx context.Context, a asset, filename, contentType string, src io.Reader, size int64) (*uploadResult, error) {
	bp, _ := s.bufs.Get().(*[]byte)
	if bp == nil {
		b := make([]byte, s.chunkSize)
		bp = &b
	}
	defer s.bufs.Put(bp)
	buf := *bp

	uploadID := rand.Text()
	var sent int64
	var peeked [1]byte
	havePeek := false
	for {
		n := 0
		if havePeek {
			buf[0], n, havePeek = peeked[0], 1, false
		}
		m, err := io.ReadFull(src, buf[n:])
		n += m
		last := false
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			last = true
		case err != nil:
			return nil, err
		default:
			k, err := io.ReadFull(src, peeked[:])
			switch {
			case k == 1:
				havePeek = true
			case errors.Is(err, io.EOF):
				last = true
			default:
				return nil, err
			}
		}
		if last && sent == 0 {
			// It all fit in one chunk: a plain upload.
			return s.upload(ctx, a, filename, contentType, bytes.NewReader(buf[:n]), nil)
		}
		total := "-1"
		switch {
		case last:
			total = strconv.FormatInt(sent+int64(n), 10)
		case size >= 0:
			total = strconv.FormatInt(size, 10)
		}
		headers := map[string]string{
			"X-Unique-Upload-Id": uploadID,
			"Content-Range":      fmt.Sprintf("bytes %d-%d/%s", sent, sent+int64(n)-1, total),
		}
		res, err := s.upload(ctx, a, filename, contentType, bytes.NewReader(buf[:n]), headers)
		if err != nil {
			return nil, fmt.Errorf("chunk at %d: %w", sent, err)
		}
		sent += int64(n)
		if last {
			return res, nil
		}
	}
}
