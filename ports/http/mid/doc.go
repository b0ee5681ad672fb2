// Package mid holds the HTTP middleware shared by both REST surfaces:
// security headers, access log, panic recovery, client address, rate
// limits and the read deadlines of request bodies.
package mid
