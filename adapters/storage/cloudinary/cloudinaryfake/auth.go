package cloudinaryfake

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// verify checks the signed fields of an upload or destroy as Cloudinary
// does, and returns the status and message of a refusal, or 0.
func (f *Fake) verify(fields map[string]string) (int, string) {
	key, ts, sig := fields["api_key"], fields["timestamp"], fields["signature"]
	switch {
	case key == "":
		return http.StatusUnauthorized, "Must supply api_key"
	case key != f.apiKey:
		return http.StatusUnauthorized, "Unknown API key " + key
	case ts == "":
		return http.StatusUnauthorized, "Missing required parameter - timestamp"
	case sig == "":
		return http.StatusUnauthorized, "Missing required parameter - signature"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return http.StatusBadRequest, "Invalid timestamp"
	}
	if f.now().Sub(time.Unix(sec, 0)) > time.Hour {
		return http.StatusBadRequest, "Stale request - reported time is " + time.Unix(sec, 0).UTC().Format(time.DateTime) + " which is more than 1 hour ago"
	}
	toSign := stringToSign(fields)
	sum := sha1.Sum([]byte(toSign + f.secret))
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(strings.ToLower(sig))) != 1 {
		return http.StatusUnauthorized, "Invalid Signature " + sig + ". String to sign - '" + toSign + "'."
	}
	return 0, ""
}

// stringToSign is Cloudinary's: the non-empty parameters but file,
// cloud_name, resource_type, api_key and signature, sorted, as name=value
// joined with "&".
func stringToSign(fields map[string]string) string {
	var parts []string
	for k, v := range fields {
		switch k {
		case "file", "cloud_name", "resource_type", "api_key", "signature":
			continue
		}
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}

// fail answers Cloudinary's error shape, {"error":{"message":...}}.
func fail(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"message": message}})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// statusWriter remembers the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
