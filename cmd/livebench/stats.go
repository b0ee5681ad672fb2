package main

import (
	"slices"
	"time"
)

// percentiles of a set of durations.
type percentiles struct {
	n             int
	p50, p99, max time.Duration
}

// percentilesOf sorts ds and reads its percentiles (nearest rank).
func percentilesOf(ds []time.Duration) percentiles {
	if len(ds) == 0 {
		return percentiles{}
	}
	slices.Sort(ds)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ds[min(max(i, 0), len(ds)-1)]
	}
	return percentiles{n: len(ds), p50: rank(0.50), p99: rank(0.99), max: ds[len(ds)-1]}
}

// bitset records the sequence numbers a viewer has seen.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, n/64+1) }

// set sets bit i and reports whether it was set already.
func (b *bitset) set(i int) bool {
	w := i / 64
	for w >= len(*b) {
		*b = append(*b, 0)
	}
	m := uint64(1) << (i % 64)
	was := (*b)[w]&m != 0
	(*b)[w] |= m
	return was
}
