package storagetest

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stagecast/stagecast/app"
)

func TestPattern(t *testing.T) {
	const size = 3*patternBlock + 123
	whole := PatternBytes(1, size)
	if err := iotest.TestReader(NewPattern(1, size), whole); err != nil {
		t.Fatal(err)
	}
	// Blocks differ from one another (the stamp), and seeds differ.
	if bytes.Equal(whole[:patternBlock], whole[patternBlock:2*patternBlock]) {
		t.Fatal("two blocks are equal: a misplaced chunk would go unnoticed")
	}
	if bytes.Equal(PatternBytes(2, 64), whole[:64]) {
		t.Fatal("seeds 1 and 2 give the same bytes")
	}
	// Read in odd sizes, it gives the same bytes.
	got, err := io.ReadAll(iotest.HalfReader(NewPattern(1, size)))
	if err != nil || !bytes.Equal(got, whole) {
		t.Fatalf("half reads: %v", err)
	}
}

func TestFailAfter(t *testing.T) {
	r := FailAfter(NewPattern(1, 100), 10, ErrSourceFailed)
	b, err := io.ReadAll(r)
	if len(b) != 10 || !errors.Is(err, ErrSourceFailed) {
		t.Fatalf("read %d bytes, %v", len(b), err)
	}
}

func TestTamperSignature(t *testing.T) {
	post := app.UploadTarget{Method: "POST", URL: "https://x/upload", Fields: map[string]string{"signature": "0123456789abcdef", "timestamp": "1"}}
	if got := TamperSignature(post); got.Fields["signature"] == post.Fields["signature"] || got.Fields["timestamp"] != "1" || post.Fields["signature"] != "0123456789abcdef" {
		t.Fatalf("POST target: %v (original %v)", got.Fields, post.Fields)
	}
	query := app.UploadTarget{Method: "PUT", URL: "https://x/object/upload/sign/b/k.mp4?token=aaa.bbb.cccccccc"}
	if got := TamperSignature(query); got.URL == query.URL || !bytes.Contains([]byte(got.URL), []byte("token=aaa.bbb.")) {
		t.Fatalf("token in query: %s", got.URL)
	}
	path := app.UploadTarget{Method: "PUT", URL: "https://x/uploads/payload.signaturesig"}
	if got := TamperSignature(path); got.URL == path.URL || !bytes.Contains([]byte(got.URL), []byte("/uploads/payload.")) {
		t.Fatalf("token in path: %s", got.URL)
	}
}
