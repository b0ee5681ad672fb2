package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/app"
)

func TestBcrypt(t *testing.T) {
	h, err := NewBcrypt(4)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := h.Hash("Secret123")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$2a$04$") {
		t.Fatalf("hash %q", hash)
	}
	if err := h.Compare(hash, "Secret123"); err != nil {
		t.Fatal(err)
	}
	if err := h.Compare(hash, "secret123"); !errors.Is(err, app.ErrPasswordMismatch) {
		t.Fatalf("wrong password: %v", err)
	}
	if err := h.Compare("not a hash", "x"); err == nil || errors.Is(err, app.ErrPasswordMismatch) {
		t.Fatalf("broken hash must be an error of its own: %v", err)
	}
	for _, cost := range []int{3, 32} {
		if _, err := NewBcrypt(cost); err == nil {
			t.Errorf("cost %d accepted", cost)
		}
	}
}

func BenchmarkBcryptCost10(b *testing.B) {
	h, _ := NewBcrypt(10)
	hash, _ := h.Hash("Secret123")
	for b.Loop() {
		_ = h.Compare(hash, "Secret123")
	}
}
