package memory

import (
	"context"
	"sync"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
)

// Codes is an in-memory user.Codes. The zero value is not usable; call
// NewCodes.
type Codes struct {
	mu    sync.RWMutex
	codes map[codeKey]user.Code
}

type codeKey struct {
	user    id.ID
	purpose user.Purpose
}

var _ user.Codes = (*Codes)(nil)

// NewCodes returns an empty code repository.
func NewCodes() *Codes {
	return &Codes{codes: make(map[codeKey]user.Code)}
}

// Put stores c, replacing any code of the same user and purpose. Times are
// kept in UTC, as the SQL stores return them.
func (r *Codes) Put(ctx context.Context, c user.Code) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: put code")
	}
	c.ExpiresAt, c.ResentAt = c.ExpiresAt.UTC(), c.ResentAt.UTC()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.codes[codeKey{c.UserID, c.Purpose}] = c
	return nil
}

// Get returns the code of that user and purpose.
func (r *Codes) Get(ctx context.Context, uid id.ID, p user.Purpose) (user.Code, error) {
	if err := ctx.Err(); err != nil {
		return user.Code{}, errs.Wrap(err, "memory: get code")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	c, ok := r.codes[codeKey{uid, p}]
	if !ok {
		return user.Code{}, user.ErrCodeNotFound
	}
	return c, nil
}

// Attempt counts one attempt under the lock, so that racing checks each see
// a different count and the limit cannot be raced past.
func (r *Codes) Attempt(ctx context.Context, uid id.ID, p user.Purpose) (user.Code, error) {
	if err := ctx.Err(); err != nil {
		return user.Code{}, errs.Wrap(err, "memory: attempt code")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	k := codeKey{uid, p}
	c, ok := r.codes[k]
	if !ok {
		return user.Code{}, user.ErrCodeNotFound
	}
	c.Attempts++
	r.codes[k] = c
	return c, nil
}

// Delete removes the code, if any.
func (r *Codes) Delete(ctx context.Context, uid id.ID, p user.Purpose) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: delete code")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.codes, codeKey{uid, p})
	return nil
}
