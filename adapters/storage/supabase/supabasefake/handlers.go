package supabasefake

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// signUpload answers POST /object/upload/sign/<bucket>/<key>.
func (f *Fake) signUpload(w http.ResponseWriter, r *http.Request, key string) {
	if key == "" {
		f.fail(w, r, http.StatusBadRequest, "InvalidKey", "Invalid key")
		return
	}
	tok := f.issue(f.bucket+"/"+key, r.Header.Get("x-upsert") == "true")
	writeJSON(w, http.StatusOK, map[string]string{
		"url":   "/object/upload/sign/" + f.bucket + "/" + key + "?token=" + tok,
		"token": tok,
	})
}

// signedPut answers the client's PUT /object/upload/sign/<bucket>/<key>
// ?token=..., which needs no key but a valid token for this very path.
func (f *Fake) signedPut(w http.ResponseWriter, r *http.Request, key string) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		f.fail(w, r, http.StatusBadRequest, "Error", "querystring must have required property 'token'")
		return
	}
	claims, err := f.verify(tok)
	if err != nil {
		f.fail(w, r, http.StatusForbidden, "InvalidJWT", err.Error())
		return
	}
	if claims.URL != f.bucket+"/"+key {
		f.fail(w, r, http.StatusBadRequest, "InvalidSignature", "The url do not match the signature")
		return
	}
	f.store(w, r, key, claims.Upsert)
}

// upload answers POST /object/<bucket>/<key>.
func (f *Fake) upload(w http.ResponseWriter, r *http.Request, key string) {
	if key == "" {
		f.fail(w, r, http.StatusBadRequest, "InvalidKey", "Invalid key")
		return
	}
	f.store(w, r, key, r.Header.Get("x-upsert") == "true")
}

// store streams the body into an object. A body that breaks off stores
// nothing, as the real service aborts its upload to S3.
func (f *Fake) store(w http.ResponseWriter, r *http.Request, key string, upsert bool) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		f.fail(w, r, http.StatusBadRequest, "InvalidRequest", "Content-Type header is required")
		return
	}
	if !upsert && f.exists(key) {
		f.fail(w, r, http.StatusConflict, "Duplicate", "The resource already exists")
		return
	}
	h := sha256.New()
	var buf *bytes.Buffer
	var dst io.Writer = h
	head := &headWriter{}
	if !f.discard {
		buf = &bytes.Buffer{}
		dst = io.MultiWriter(h, buf)
	} else {
		dst = io.MultiWriter(h, head)
	}
	n, err := io.Copy(dst, r.Body)
	if err != nil {
		f.fail(w, r, http.StatusBadRequest, "Error", "upload interrupted")
		return
	}
	o := &object{size: n, contentType: ct, cacheControl: r.Header.Get("Cache-Control"), modified: f.now(), head: head.b}
	copy(o.sum[:], h.Sum(nil))
	if buf != nil {
		o.data = buf.Bytes()
	}
	f.mu.Lock()
	_, existed := f.objects[key]
	if existed && !upsert {
		f.mu.Unlock()
		f.fail(w, r, http.StatusConflict, "Duplicate", "The resource already exists")
		return
	}
	f.objects[key] = o
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"Key": f.bucket + "/" + key, "Id": rand.Text()})
}

func (f *Fake) exists(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.objects[key]
	return ok
}

func (f *Fake) lookup(key string) (*object, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.objects[key]
	return o, ok
}

// download answers GET and HEAD of an object, with ranges.
func (f *Fake) download(w http.ResponseWriter, r *http.Request, key string) {
	o, ok := f.lookup(key)
	if !ok || key == "" {
		f.fail(w, r, http.StatusNotFound, "not_found", "Object not found")
		return
	}
	w.Header().Set("Content-Type", o.contentType)
	if o.cacheControl != "" {
		w.Header().Set("Cache-Control", o.cacheControl)
	}
	if o.data == nil && o.size > 0 {
		if r.Method == http.MethodHead {
			w.Header().Set("Content-Length", strconv.FormatInt(o.size, 10))
			return
		}
		if !withinHead(r.Header.Get("Range"), len(o.head)) {
			f.fail(w, r, http.StatusInternalServerError, "fake", "body discarded by DiscardBodies")
			return
		}
		http.ServeContent(w, r, "", o.modified, &sparse{head: o.head, size: o.size})
		return
	}
	http.ServeContent(w, r, "", o.modified, bytes.NewReader(o.data))
}

// info answers GET /object/info/<bucket>/<key>.
func (f *Fake) info(w http.ResponseWriter, r *http.Request, key string) {
	o, ok := f.lookup(key)
	if !ok {
		f.fail(w, r, http.StatusNotFound, "not_found", "Object not found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"name": key, "bucket_id": f.bucket, "size": o.size, "content_type": o.contentType,
		"cache_control": o.cacheControl, "last_modified": o.modified.UTC().Format(time.RFC3339),
	})
}

// delete answers DELETE /object/<bucket> with {"prefixes":[...]}: the
// objects that were there, possibly none.
func (f *Fake) delete(w http.ResponseWriter, r *http.Request, key string) {
	var body struct {
		Prefixes []string `json:"prefixes"`
	}
	if key != "" || json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body) != nil || len(body.Prefixes) == 0 {
		f.fail(w, r, http.StatusBadRequest, "Error", "body must have required property 'prefixes'")
		return
	}
	deleted := []map[string]string{}
	f.mu.Lock()
	for _, p := range body.Prefixes {
		if _, ok := f.objects[p]; ok {
			delete(f.objects, p)
			deleted = append(deleted, map[string]string{"name": p, "bucket_id": f.bucket})
		}
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, deleted)
}

// getBucket answers GET /bucket/<bucket>.
func (f *Fake) getBucket(w http.ResponseWriter, r *http.Request, key string) {
	if key != "" {
		f.fail(w, r, http.StatusNotFound, "not_found", "Route not found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": f.bucket, "name": f.bucket, "public": true})
}

// headWriter keeps the first HeadKeep bytes written to it.
type headWriter struct{ b []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if room := HeadKeep - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// withinHead reports whether a "bytes=a-b" range lies inside the kept head.
func withinHead(rng string, kept int) bool {
	var a, b int
	if n, _ := fmt.Sscanf(rng, "bytes=%d-%d", &a, &b); n != 2 {
		return false
	}
	return a >= 0 && a <= b && b < kept
}

// sparse is a discarded object of full size whose head alone is readable.
type sparse struct {
	head []byte
	size int64
	pos  int64
}

func (s *sparse) Read(p []byte) (int, error) {
	if s.pos >= int64(len(s.head)) {
		return 0, errors.New("discarded bytes")
	}
	n := copy(p, s.head[s.pos:])
	s.pos += int64(n)
	return n, nil
}

func (s *sparse) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		s.pos = off
	case io.SeekCurrent:
		s.pos += off
	case io.SeekEnd:
		s.pos = s.size + off
	}
	return s.pos, nil
}
