package cloudinaryfake

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding"
	"fmt"
	"hash"
	"io"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/app"
)

// chunkRange is a Content-Range of a chunked upload; the total is -1 while
// the client does not know it.
var chunkRange = regexp.MustCompile(`^bytes (\d+)-(\d+)/(-1|\d+)$`)

// form is an upload request read in one pass: the fields, and the file
// hashed (and kept, unless discarding) as it streamed by.
type form struct {
	fields      map[string]string
	haveFile    bool
	size        int64
	hash        hash.Hash
	data        *bytes.Buffer
	filename    string
	contentType string
}

// upload answers POST /v1_1/<cloud>/<resource_type>/upload.
func (f *Fake) upload(w http.ResponseWriter, r *http.Request, rt string) {
	call := Call{Op: "upload", Method: r.Method, ResourceType: rt,
		UploadID: r.Header.Get("X-Unique-Upload-Id"), ContentRange: r.Header.Get("Content-Range")}
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() { call.Status = sw.status; f.record(call) }()

	var start, end, total int64
	var base hash.Hash
	chunked := call.UploadID != ""
	if chunked {
		m := chunkRange.FindStringSubmatch(call.ContentRange)
		if m == nil {
			fail(sw, http.StatusBadRequest, "Invalid Content-Range header")
			return
		}
		start, _ = strconv.ParseInt(m[1], 10, 64)
		end, _ = strconv.ParseInt(m[2], 10, 64)
		total, _ = strconv.ParseInt(m[3], 10, 64)
		if end < start || (total >= 0 && end >= total) {
			fail(sw, http.StatusBadRequest, "Invalid Content-Range header")
			return
		}
		// The chunk's bytes continue the session's hash; it is committed
		// only if the chunk is accepted.
		base = f.sessionHash(call.UploadID)
	}
	fm, err := f.readForm(r, base)
	if err != nil {
		fail(sw, http.StatusBadRequest, "Upload interrupted: "+err.Error())
		return
	}
	call.PublicID = fm.fields["public_id"]
	if status, msg := f.verify(fm.fields); status != 0 {
		fail(sw, status, msg)
		return
	}
	if !fm.haveFile {
		fail(sw, http.StatusBadRequest, "Missing required parameter - file")
		return
	}
	if fm.size == 0 && !chunked {
		fail(sw, http.StatusBadRequest, "Empty file")
		return
	}
	if call.PublicID == "" {
		call.PublicID = strings.ToLower(rand.Text())
	}
	if !chunked {
		writeJSON(sw, http.StatusOK, f.store(rt, call.PublicID, fm, fm.size, fm.hash, dataOf(fm.data)))
		return
	}
	s, msg := f.commitChunk(call.UploadID, rt, call.PublicID, start, end, total, fm)
	switch {
	case msg != "":
		fail(sw, http.StatusBadRequest, msg)
	case s.total >= 0 && s.received == s.total:
		writeJSON(sw, http.StatusOK, f.store(rt, s.publicID, fm, s.received, s.hash, s.data))
	default:
		writeJSON(sw, http.StatusOK, map[string]any{"done": false, "bytes": s.received, "public_id": s.publicID, "resource_type": rt})
	}
}

// readForm streams the multipart form. The file goes into a hash that
// continues base (a clone of a chunked upload's hash) or starts afresh.
func (f *Fake) readForm(r *http.Request, base hash.Hash) (*form, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	fm := &form{fields: map[string]string{}, hash: base}
	if fm.hash == nil {
		fm.hash = sha256.New()
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return fm, nil
		}
		if err != nil {
			return nil, err
		}
		if p.FormName() != "file" {
			v, err := io.ReadAll(io.LimitReader(p, 64<<10))
			if err != nil {
				return nil, err
			}
			fm.fields[p.FormName()] = string(v)
			continue
		}
		fm.haveFile, fm.filename, fm.contentType = true, p.FileName(), p.Header.Get("Content-Type")
		dst := io.Writer(fm.hash)
		if !f.discard {
			fm.data = &bytes.Buffer{}
			dst = io.MultiWriter(fm.hash, fm.data)
		}
		if fm.size, err = io.Copy(dst, p); err != nil {
			return nil, err
		}
	}
}

// sessionHash returns a copy of a chunked upload's running hash, or a new
// hash for a new upload.
func (f *Fake) sessionHash(id string) hash.Hash {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[id]
	if !ok {
		return sha256.New()
	}
	state, _ := s.hash.(encoding.BinaryMarshaler).MarshalBinary()
	h := sha256.New()
	_ = h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state)
	return h
}

// commitChunk checks one chunk against its session and adds it, or says
// why it is refused.
func (f *Fake) commitChunk(id, rt, publicID string, start, end, total int64, fm *form) (*session, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[id]
	if !ok {
		s = &session{resourceType: rt, publicID: publicID, total: -1, hash: sha256.New()}
	}
	switch {
	case s.resourceType != rt || s.publicID != publicID:
		return nil, "Chunk belongs to another upload"
	case start != s.received:
		return nil, fmt.Sprintf("Chunks must be contiguous: expected a chunk at %d, got %d", s.received, start)
	case end-start+1 != fm.size:
		return nil, fmt.Sprintf("Content-Range announces %d bytes, the chunk has %d", end-start+1, fm.size)
	case total >= 0 && s.total >= 0 && total != s.total:
		return nil, fmt.Sprintf("Chunk total %d differs from the upload's total %d", total, s.total)
	}
	final := total >= 0 && end+1 == total
	if !final && fm.size < MinChunkSize {
		return nil, fmt.Sprintf("Chunk of %d bytes is below the minimum of %d bytes", fm.size, MinChunkSize)
	}
	if total >= 0 {
		s.total = total
	}
	s.received = end + 1
	s.hash = fm.hash
	if fm.data != nil {
		s.data = append(s.data, fm.data.Bytes()...)
	}
	if final {
		delete(f.sessions, id)
	} else {
		f.sessions[id] = s
	}
	return s, ""
}

func dataOf(b *bytes.Buffer) []byte {
	if b == nil {
		return nil
	}
	return b.Bytes()
}

// store makes (or replaces, unless overwrite=false) an asset of size
// bytes and returns the upload answer.
func (f *Fake) store(rt, publicID string, fm *form, size int64, h hash.Hash, data []byte) map[string]any {
	format := strings.TrimPrefix(path.Ext(fm.filename), ".")
	if format == "" {
		format = formatOf(fm.contentType)
	}
	a := &asset{size: size, format: format, contentType: fm.contentType, modified: f.now()}
	copy(a.sum[:], h.Sum(nil))
	if !f.discard {
		a.data = data
		if a.data == nil {
			a.data = []byte{}
		}
	}
	key := rt + "/" + publicID
	f.mu.Lock()
	if old, ok := f.assets[key]; ok && fm.fields["overwrite"] == "false" {
		a = old
	} else {
		f.version++
		a.version = f.version
		f.assets[key] = a
	}
	version, format, size := a.version, a.format, a.size
	f.mu.Unlock()
	u := fmt.Sprintf("%s/res/%s/%s/upload/v%d/%s.%s", f.srv.URL, f.cloud, rt, version, publicID, format)
	out := map[string]any{
		"public_id": publicID, "version": version, "resource_type": rt, "type": "upload",
		"format": format, "bytes": size, "url": u, "secure_url": u,
	}
	if rt == "video" {
		out["duration"] = f.duration
	}
	return out
}

// formatOf names the format of a part's content type, when the file name
// has no extension.
func formatOf(ct string) string {
	mime, _, _ := strings.Cut(ct, ";")
	if f, ok := app.FormatByMIME(strings.TrimSpace(mime)); ok {
		return strings.TrimPrefix(f.Ext, ".")
	}
	return "bin"
}
