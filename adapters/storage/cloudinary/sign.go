package cloudinary

import (
	"crypto/sha1"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
)

// unsigned reports the parameters Cloudinary leaves out of a signature.
func unsigned(name string) bool {
	switch name {
	case "file", "cloud_name", "resource_type", "api_key", "signature":
		return true
	}
	return false
}

// signature computes Cloudinary's request signature: every parameter but
// file, cloud_name, resource_type and api_key (and empty ones), sorted by
// name, joined as name=value with "&", the API secret appended, hex
// SHA-1.
func signature(params map[string]string, secret string) string {
	names := make([]string, 0, len(params))
	for k, v := range params {
		if !unsigned(k) && v != "" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for i, k := range names {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + params[k])
	}
	b.WriteString(secret)
	sum := sha1.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// signed returns params with timestamp, api_key and signature added, for a
// request made at ts.
func (s *Store) signed(params map[string]string, ts time.Time) map[string]string {
	out := make(map[string]string, len(params)+3)
	for k, v := range params {
		out[k] = v
	}
	out["timestamp"] = strconv.FormatInt(ts.Unix(), 10)
	out["signature"] = signature(out, s.secret)
	out["api_key"] = s.apiKey
	return out
}
