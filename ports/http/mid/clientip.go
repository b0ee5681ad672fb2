package mid

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type clientIPKey struct{}

// ClientIP returns the client address found by RealIP, or "".
func ClientIP(ctx context.Context) string {
	s, _ := ctx.Value(clientIPKey{}).(string)
	return s
}

// RealIP finds the client's address. With trustedHops 0 it is the socket's
// peer: a server facing clients directly must not let them choose their own
// address. With n trusted proxies in front, it is the n-th address from the
// right of X-Forwarded-For (each proxy appends the address it saw), falling
// back to the peer when the header is shorter.
func RealIP(trustedHops int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip := peer(r.RemoteAddr)
			if trustedHops > 0 {
				if fwd := forwarded(r.Header.Values("X-Forwarded-For")); len(fwd) >= trustedHops {
					if a, err := netip.ParseAddr(fwd[len(fwd)-trustedHops]); err == nil {
						ip = a.Unmap().String()
					}
				}
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip)))
		})
	}
}

func peer(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Unmap().String()
	}
	return host
}

func forwarded(headers []string) []string {
	var out []string
	for _, h := range headers {
		for _, part := range strings.Split(h, ",") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
