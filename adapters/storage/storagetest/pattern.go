package storagetest

import (
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
)

// patternBlock is the period of the generator's base bytes. Each block is
// stamped with its index, so bytes moved by any whole number of blocks
// (a chunk sent twice, or out of order) no longer match.
const patternBlock = 64 << 10

// Pattern is a deterministic stream of size bytes that never exists whole
// in memory: the bytes at an offset depend on the seed and the offset
// only, so a test can check what a store kept with PatternBytes or by
// hashing a second Pattern.
type Pattern struct {
	base []byte
	seed uint64
	size int64
	off  int64
}

// NewPattern returns a generator of size bytes for seed.
func NewPattern(seed uint64, size int64) *Pattern {
	base := make([]byte, patternBlock)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	for i := 0; i < len(base); i += 8 {
		binary.LittleEndian.PutUint64(base[i:], r.Uint64())
	}
	return &Pattern{base: base, seed: seed, size: size}
}

// PatternBytes returns the first size bytes of the pattern of seed, for
// small objects a test compares whole.
func PatternBytes(seed uint64, size int64) []byte {
	b := make([]byte, size)
	NewPattern(seed, size).fill(b, 0)
	return b
}

// Read implements io.Reader.
func (p *Pattern) Read(b []byte) (int, error) {
	if p.off >= p.size {
		return 0, io.EOF
	}
	if int64(len(b)) > p.size-p.off {
		b = b[:p.size-p.off]
	}
	p.fill(b, p.off)
	p.off += int64(len(b))
	return len(b), nil
}

// fill writes the pattern's bytes at off into b.
func (p *Pattern) fill(b []byte, off int64) {
	var stamp [8]byte
	for len(b) > 0 {
		in := int(off % patternBlock)
		n := copy(b, p.base[in:])
		if in < len(stamp) {
			binary.LittleEndian.PutUint64(stamp[:], uint64(off/patternBlock)^p.seed)
			copy(b[:min(n, len(stamp)-in)], stamp[in:])
		}
		b = b[n:]
		off += int64(n)
	}
}

// ErrSourceFailed is the error FailAfter's reader returns, standing for a
// size limit the core hit while streaming.
var ErrSourceFailed = errors.New("storagetest: source failed midway")

// FailAfter returns a reader that yields the first n bytes of r and then
// fails with err, like a stream cut by a size limit.
func FailAfter(r io.Reader, n int64, err error) io.Reader {
	return io.MultiReader(io.LimitReader(r, n), failing{err})
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }
