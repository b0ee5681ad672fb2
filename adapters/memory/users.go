package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// Users is an in-memory user.Repository. The zero value is not usable; call
// NewUsers.
type Users struct {
	mu         sync.RWMutex
	byID       map[id.ID]user.Stored
	byEmail    map[user.Email]id.ID
	byUsername map[user.Username]id.ID
}

var _ user.Repository = (*Users)(nil)

// NewUsers returns an empty account repository.
func NewUsers() *Users {
	return &Users{
		byID:       make(map[id.ID]user.Stored),
		byEmail:    make(map[user.Email]id.ID),
		byUsername: make(map[user.Username]id.ID),
	}
}

// Create inserts u; the email is checked before the username, as a caller
// registering a taken address should hear about the address first.
func (r *Users) Create(ctx context.Context, u *user.User) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory: create user")
	}
	s := copyUser(u.Stored())
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byID[s.ID]; ok {
		return errs.New(errs.Internal, "memory: duplicate user id "+s.ID.String())
	}
	if err := r.checkUnique(s); err != nil {
		return err
	}
	r.put(s)
	return nil
}

// Update runs change on a copy of the stored account and writes it back,
// all under the write lock, so changes are serialized as in SQL.
func (r *Users) Update(ctx context.Context, uid id.ID, change func(*user.User) error) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: update user")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.byID[uid]
	if !ok {
		return nil, user.ErrNotFound
	}
	u := user.FromStored(copyUser(old))
	if err := change(u); err != nil {
		return nil, err
	}
	s := copyUser(u.Stored())
	if s.ID != uid {
		return nil, errs.New(errs.Internal, "memory: update changed the user id")
	}
	if err := r.checkUnique(s); err != nil {
		return nil, err
	}
	// The creation time is the store's, as in SQL where Update leaves it alone.
	s.CreatedAt = old.CreatedAt
	r.remove(old)
	r.put(s)
	return user.FromStored(copyUser(s)), nil
}

// ByID returns the account with that id.
func (r *Users) ByID(ctx context.Context, uid id.ID) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: user by id")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.get(uid)
}

// ByEmail returns the account with that address.
func (r *Users) ByEmail(ctx context.Context, e user.Email) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: user by email")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	uid, ok := r.byEmail[e]
	if !ok {
		return nil, user.ErrNotFound
	}
	return r.get(uid)
}

// ByUsername returns the account with that handle.
func (r *Users) ByUsername(ctx context.Context, name user.Username) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: user by username")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	uid, ok := r.byUsername[name]
	if !ok {
		return nil, user.ErrNotFound
	}
	return r.get(uid)
}

// UsesMedia scans the accounts for the key; the memory store is small.
func (r *Users) UsesMedia(ctx context.Context, key string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, errs.Wrap(err, "memory: user media in use")
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, u := range r.byID {
		if key != "" && u.ProfileImageKey == key {
			return true, nil
		}
	}
	return false, nil
}

// ByIDs returns the accounts that exist among ids; missing ones are absent.
func (r *Users) ByIDs(ctx context.Context, ids []id.ID) (map[id.ID]*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: users by ids")
	}
	if len(ids) > list.MaxIDs {
		return nil, errs.New(errs.Internal, fmt.Sprintf("memory: users by ids: %d ids, at most %d", len(ids), list.MaxIDs))
	}
	out := make(map[id.ID]*user.User, len(ids))
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, uid := range ids {
		if s, ok := r.byID[uid]; ok {
			out[uid] = user.FromStored(copyUser(s))
		}
	}
	return out, nil
}

// checkUnique reports whether s would share an address or handle with
// another account. Callers hold the write lock.
func (r *Users) checkUnique(s user.Stored) error {
	if other, ok := r.byEmail[s.Email]; ok && other != s.ID {
		return user.ErrEmailTaken
	}
	if other, ok := r.byUsername[s.Username]; ok && other != s.ID {
		return user.ErrUsernameTaken
	}
	return nil
}

// remove takes s out of every index. Callers hold the write lock.
func (r *Users) remove(s user.Stored) {
	delete(r.byID, s.ID)
	delete(r.byEmail, s.Email)
	delete(r.byUsername, s.Username)
}

func (r *Users) put(s user.Stored) {
	r.byID[s.ID] = s
	r.byEmail[s.Email] = s.ID
	r.byUsername[s.Username] = s.ID
}

func (r *Users) get(uid id.ID) (*user.User, error) {
	s, ok := r.byID[uid]
	if !ok {
		return nil, user.ErrNotFound
	}
	return user.FromStored(copyUser(s)), nil
}

// copyUser detaches the bio pointer, the only shared memory in a Stored, so
// that neither the caller nor the store can change the other's copy.
func copyUser(s user.Stored) user.Stored {
	if s.Bio != nil {
		b := *s.Bio
		s.Bio = &b
	}
	return s
}

// Search returns a page of verified accounts whose lowered name or
// username holds the lowered text, ordered by username (byte-wise; they
// are unique), as the SQL stores match it: a literal substring, nothing
// for text no store can hold.
func (r *Users) Search(ctx context.Context, text string, w list.Window) ([]*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory: search users")
	}
	needle, ok := needleOf(text)
	if !ok {
		return []*user.User{}, nil
	}
	var found []user.Stored
	r.mu.RLock()
	for _, s := range r.byID {
		if s.Verified && (strings.Contains(strings.ToLower(s.Name), needle) || strings.Contains(strings.ToLower(string(s.Username)), needle)) {
			found = append(found, s)
		}
	}
	r.mu.RUnlock()
	slices.SortFunc(found, func(a, b user.Stored) int { return strings.Compare(string(a.Username), string(b.Username)) })
	w = w.Normal()
	found = found[min((w.Page-1)*w.Limit, len(found)):]
	out := make([]*user.User, 0, min(len(found), w.Limit))
	for _, s := range found[:min(len(found), w.Limit)] {
		out = append(out, user.FromStored(copyUser(s)))
	}
	return out, nil
}
