package streamio

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func readAll(r io.Reader) ([]byte, error) { return io.ReadAll(r) }

func TestReaderSizes(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, data string
		size       int64
		want       string // bytes handed out
		mismatch   bool
	}{
		{"exact", "hello", 5, "hello", false},
		{"unknown", "anything", -1, "anything", false},
		{"empty", "", 0, "", false},
		{"longer", "hello!", 5, "hell", true},
		{"longer than zero", "x", 0, "", true},
		{"shorter", "hell", 5, "hell", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, wrap := range []func(io.Reader) io.Reader{
				func(r io.Reader) io.Reader { return r },
				iotest.OneByteReader,
				iotest.DataErrReader,
			} {
				r := NewReader(ctx, wrap(strings.NewReader(c.data)), c.size)
				b, err := readAll(r)
				if string(b) != c.want {
					t.Errorf("handed out %q, want %q", b, c.want)
				}
				if got := errors.Is(err, ErrSizeMismatch); got != c.mismatch {
					t.Errorf("err = %v, want mismatch %v", err, c.mismatch)
				}
				if !c.mismatch && (err != nil || r.Err() != nil) {
					t.Errorf("clean stream: %v / %v", err, r.Err())
				}
				if r.N() != int64(len(b)) {
					t.Errorf("N = %d, handed out %d", r.N(), len(b))
				}
			}
		})
	}
}

func TestReaderSourceError(t *testing.T) {
	boom := errors.New("boom")
	ctx := context.Background()
	// A source failing right after the announced size must not hand out
	// the last byte.
	r := NewReader(ctx, io.MultiReader(strings.NewReader("abcd"), iotest.ErrReader(boom)), 4)
	b, err := readAll(r)
	if !errors.Is(err, boom) || len(b) >= 4 || !errors.Is(r.Err(), boom) {
		t.Fatalf("handed out %q, err %v", b, err)
	}
	r = NewReader(ctx, io.MultiReader(strings.NewReader("ab"), iotest.ErrReader(boom)), -1)
	if _, err = readAll(r); !errors.Is(err, boom) || !errors.Is(r.Err(), boom) {
		t.Fatalf("unknown size: %v / %v", err, r.Err())
	}
}

func TestReaderContextAndClose(t *testing.T) {
	cctx, cancel := context.WithCancel(context.Background())
	r := NewReader(cctx, strings.NewReader("x"), -1)
	cancel()
	if _, err := r.Read(make([]byte, 1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: %v", err)
	}
	if r.Wait(cctx) {
		t.Fatal("Wait reported a close that did not happen")
	}
	_ = r.Close()
	_ = r.Close()
	if !r.Wait(context.Background()) {
		t.Fatal("Wait after Close")
	}
}
