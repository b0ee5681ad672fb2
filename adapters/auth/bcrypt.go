package auth

import (
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/stagecast/stagecast/app"
)

// Bcrypt hashes passwords with bcrypt at a fixed cost.
type Bcrypt struct {
	cost int
}

var _ app.PasswordHasher = Bcrypt{}

// NewBcrypt returns a hasher of the given cost (4 to 31).
func NewBcrypt(cost int) (Bcrypt, error) {
	if cost < bcrypt.MinCost || cost > bcrypt.MaxCost {
		return Bcrypt{}, fmt.Errorf("bcrypt: cost %d out of range %d..%d", cost, bcrypt.MinCost, bcrypt.MaxCost)
	}
	return Bcrypt{cost: cost}, nil
}

// Hash returns the bcrypt hash of password.
func (b Bcrypt) Hash(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), b.cost)
	if err != nil {
		return "", fmt.Errorf("bcrypt: %w", err)
	}
	return string(h), nil
}

// Compare checks password against hash in constant time.
func (b Bcrypt) Compare(hash, password string) error {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return app.ErrPasswordMismatch
	default:
		return fmt.Errorf("bcrypt: %w", err)
	}
}
