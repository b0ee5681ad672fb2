package mid

import "net/http"

// AnswerOptions answers every OPTIONS request with 204 and no body, as the
// API's clients were served: CORS preflights (whose headers the CORS
// middleware in front has set) and any other OPTIONS alike, on every path.
// It goes before rate limits and authentication, which preflights never
// satisfy.
func AnswerOptions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
