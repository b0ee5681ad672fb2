// Package mid holds the HTTP middleware shared by both REST surfaces:
// security headers, access log, panic recovery, client address and rate
// limits.
package mid
