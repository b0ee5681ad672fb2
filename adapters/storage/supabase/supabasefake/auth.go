package supabasefake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// authed checks the headers every server call needs, as the API gateway
// (apikey) and the storage server (Bearer) do, then the bucket.
func (f *Fake) authed(w http.ResponseWriter, r *http.Request, rest string, next func(http.ResponseWriter, *http.Request, string)) {
	switch key := r.Header.Get("apikey"); {
	case key == "":
		gatewayFail(w, "No API key found in request")
		return
	case key != f.key:
		gatewayFail(w, "Invalid API key")
		return
	}
	bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case r.Header.Get("Authorization") == "":
		f.fail(w, r, http.StatusForbidden, "Unauthorized", "headers must have required property 'authorization'")
		return
	case !ok || bearer != f.key:
		f.fail(w, r, http.StatusForbidden, "Unauthorized", "invalid signature")
		return
	}
	f.withBucket(w, r, rest, next)
}

// withBucket splits "<bucket>/<key>" and checks the bucket and the key.
func (f *Fake) withBucket(w http.ResponseWriter, r *http.Request, rest string, next func(http.ResponseWriter, *http.Request, string)) {
	bucket, key, _ := strings.Cut(rest, "/")
	if bucket != f.bucket {
		f.fail(w, r, http.StatusNotFound, "Bucket not found", "Bucket not found")
		return
	}
	if key != "" && (strings.HasPrefix(key, "/") || strings.Contains(key, "//") || strings.Contains(key, "..")) {
		f.fail(w, r, http.StatusBadRequest, "InvalidKey", "Invalid key: "+key)
		return
	}
	next(w, r, key)
}

// gatewayFail is the API gateway's answer to a bad apikey: a plain 401,
// before the storage server is reached.
func gatewayFail(w http.ResponseWriter, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": message})
}

// fail answers a storage error, {"statusCode","error","message"}, with the
// status in the body as a string as Supabase does; in legacy mode, client
// errors all answer HTTP 400.
func (f *Fake) fail(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	httpStatus := status
	if f.legacy && status >= 400 && status < 500 {
		httpStatus = http.StatusBadRequest
	}
	writeJSON(w, httpStatus, map[string]string{"statusCode": strconv.Itoa(status), "error": code, "message": message})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// uploadClaims are the claims of a signed upload token, those Supabase
// puts in its own: the bucket-relative path and whether it may overwrite.
type uploadClaims struct {
	URL    string `json:"url"`
	Upsert bool   `json:"upsert"`
	Iat    int64  `json:"iat"`
	Exp    int64  `json:"exp"`
}

var errExpired = errors.New("jwt expired")

const jwtHeader = `{"alg":"HS256","typ":"JWT"}`

// issue signs an HS256 JWT for path ("<bucket>/<key>").
func (f *Fake) issue(path string, upsert bool) string {
	now := f.now()
	claims, _ := json.Marshal(uploadClaims{URL: path, Upsert: upsert, Iat: now.Unix(), Exp: now.Add(f.ttl).Unix()})
	signing := b64(jwtHeader) + "." + b64(string(claims))
	return signing + "." + base64.RawURLEncoding.EncodeToString(f.mac(signing))
}

// verify checks a token's algorithm, signature and expiry.
func (f *Fake) verify(tok string) (uploadClaims, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return uploadClaims{}, errors.New("jwt malformed")
	}
	if hdr, err := base64.RawURLEncoding.DecodeString(parts[0]); err != nil || string(hdr) != jwtHeader {
		return uploadClaims{}, errors.New("invalid algorithm")
	}
	sig, err := base64.RawURLEncoding.Strict().DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, f.mac(parts[0]+"."+parts[1])) {
		return uploadClaims{}, errors.New("invalid signature")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	var c uploadClaims
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return uploadClaims{}, errors.New("jwt malformed")
	}
	if f.now().Unix() >= c.Exp {
		return uploadClaims{}, errExpired
	}
	return c, nil
}

func (f *Fake) mac(s string) []byte {
	m := hmac.New(sha256.New, f.secret)
	m.Write([]byte(s))
	return m.Sum(nil)
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
