// Package auth holds the credential adapters of the core: JWT access tokens
// (golang-jwt v5, HS256 only) and bcrypt password hashing.
package auth
