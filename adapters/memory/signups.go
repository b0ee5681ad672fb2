package memory

import (
	"context"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/user"
)

// Signups is an in-memory user.Signups over the accounts and codes of one
// Store. It holds both locks, always the accounts' first, for the whole
// sign-up, so that it is one step as in SQL.
type Signups struct {
	users *Users
	codes *Codes
}

var _ user.Signups = (*Signups)(nil)

// Save writes the sign-up: the stale account goes, the account is
// inserted or replaced, and its code is stored, or nothing changes.
func (r *Signups) Save(ctx context.Context, s user.Signup) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: save sign-up")
	}
	st := copyUser(s.User.Stored())
	r.users.mu.Lock()
	defer r.users.mu.Unlock()
	r.codes.mu.Lock()
	defer r.codes.mu.Unlock()

	if !s.Release.IsZero() {
		if old, ok := r.users.byID[s.Release]; ok {
			c, live := r.codes.codes[codeKey{s.Release, user.PurposeVerify}]
			if old.Verified || (live && s.Now.Before(c.ExpiresAt)) {
				return user.ErrUsernameTaken
			}
		}
	}
	old, exists := r.users.byID[st.ID]
	switch {
	case s.Replace && (!exists || old.Verified):
		return user.ErrEmailTaken
	case !s.Replace && exists:
		return errs.New(errs.Internal, "memory: duplicate user id "+st.ID.String())
	}
	// Uniqueness is checked as if the released account were gone already.
	if other, ok := r.users.byEmail[st.Email]; ok && other != st.ID && other != s.Release {
		return user.ErrEmailTaken
	}
	if other, ok := r.users.byUsername[st.Username]; ok && other != st.ID && other != s.Release {
		return user.ErrUsernameTaken
	}

	if released, ok := r.users.byID[s.Release]; ok && !s.Release.IsZero() {
		r.users.remove(released)
		for k := range r.codes.codes {
			if k.user == s.Release {
				delete(r.codes.codes, k)
			}
		}
	}
	if exists {
		st.CreatedAt = old.CreatedAt
		r.users.remove(old)
	}
	r.users.put(st)
	c := s.Code
	c.ExpiresAt, c.ResentAt = c.ExpiresAt.UTC(), c.ResentAt.UTC()
	r.codes.codes[codeKey{c.UserID, c.Purpose}] = c
	return nil
}
