// Package id defines the identifier used by every aggregate: a 24-character
// lowercase hex string in the MongoDB ObjectID layout (4-byte big-endian
// seconds, 5 random bytes, 3-byte counter), so identifiers are time-ordered,
// identical in every store, and match the wire format of /api/v1.
package id

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"io"
	"sync"
	"time"
)

// ID is an aggregate identifier. The zero value is "no id".
type ID string

// Nil is the empty identifier.
const Nil ID = ""

// String returns the hex form.
func (i ID) String() string { return string(i) }

// IsZero reports whether the identifier is empty.
func (i ID) IsZero() bool { return i == "" }

// Valid reports whether s is exactly 24 hex digits, in either case, as the
// reference's ObjectId check accepts.
func Valid(s string) bool {
	if len(s) != 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// Parse returns s, lowercased, as an ID when it is valid.
func Parse(s string) (ID, bool) {
	if !Valid(s) {
		return Nil, false
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'F' {
			b[i] = c + ('a' - 'A')
		}
	}
	return ID(b), true
}

// Time returns the creation second encoded in a valid id.
func (i ID) Time() time.Time {
	b, err := hex.DecodeString(string(i))
	if err != nil || len(b) != 12 {
		return time.Time{}
	}
	return time.Unix(int64(binary.BigEndian.Uint32(b[:4])), 0).UTC()
}

// Generator makes new IDs from a clock and a random source. It is safe for
// concurrent use.
type Generator struct {
	now     func() time.Time
	mu      sync.Mutex
	process [5]byte
	counter uint32
}

// NewGenerator returns a Generator that reads the time from now and its
// per-process random bytes from random (crypto/rand when nil).
func NewGenerator(now func() time.Time, random io.Reader) (*Generator, error) {
	if random == nil {
		random = rand.Reader
	}
	g := &Generator{now: now}
	var seed [8]byte
	if _, err := io.ReadFull(random, seed[:]); err != nil {
		return nil, err
	}
	copy(g.process[:], seed[:5])
	g.counter = uint32(seed[5])<<16 | uint32(seed[6])<<8 | uint32(seed[7])
	return g, nil
}

// New returns a fresh ID.
func (g *Generator) New() ID {
	g.mu.Lock()
	g.counter = (g.counter + 1) & 0xffffff
	c := g.counter
	g.mu.Unlock()

	var b [12]byte
	binary.BigEndian.PutUint32(b[:4], uint32(g.now().Unix()))
	copy(b[4:9], g.process[:])
	b[9], b[10], b[11] = byte(c>>16), byte(c>>8), byte(c)
	return ID(hex.EncodeToString(b[:]))
}
