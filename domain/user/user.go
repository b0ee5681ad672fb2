// Package user holds the account aggregate: who a person is on the platform,
// how they sign in, and the one-time codes that prove they own their address.
package user

import (
	"net/url"
	"strings"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
)

// Role says what an account may do on the classic surface. Accounts made
// through /api/v1 are creators.
type Role string

// The roles.
const (
	RoleCreator Role = "CREATOR"
	RoleUser    Role = "USER"
)

// ParseRole accepts exactly CREATOR or USER.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleCreator, RoleUser:
		return r, nil
	}
	return "", errs.InvalidFields(errs.FieldError{Field: "role", Message: "Role must be CREATOR or USER"})
}

// Errors of the account aggregate.
var (
	ErrNotFound           = errs.Define(errs.NotFound, "user.not_found", "User not found")
	ErrEmailTaken         = errs.Define(errs.Conflict, "user.email_taken", "Email already exists").ForField("email")
	ErrUsernameTaken      = errs.Define(errs.Conflict, "user.username_taken", "Username already exists").ForField("username")
	ErrInvalidCredentials = errs.Define(errs.Unauthorized, "user.invalid_credentials", "Invalid credentials")
)

// User is an account. Its fields are unexported so that every change goes
// through a method that keeps the invariants.
type User struct {
	id           id.ID
	username     Username
	email        Email
	name         string
	bio          *string
	profileImage string
	profileKey   string // storage key of an uploaded avatar; "" for the generated one
	passwordHash string
	verified     bool
	role         Role
	createdAt    time.Time
	updatedAt    time.Time
}

// NewParams are the inputs of a new, unverified account.
type NewParams struct {
	ID           id.ID
	Username     Username
	Email        Email
	Name         string
	PasswordHash string
	Role         Role
	Now          time.Time
}

// New creates an unverified account with the generated avatar.
func New(p NewParams) (*User, error) {
	name, err := ParseName(p.Name)
	if err != nil {
		return nil, err
	}
	if p.ID.IsZero() || p.Username == "" || p.Email == "" || p.PasswordHash == "" {
		return nil, errs.New(errs.Internal, "incomplete user")
	}
	role := p.Role
	if role == "" {
		role = RoleCreator
	}
	now := p.Now.UTC()
	return &User{
		id: p.ID, username: p.Username, email: p.Email, name: name,
		profileImage: AvatarURL(name), passwordHash: p.PasswordHash,
		role: role, createdAt: now, updatedAt: now,
	}, nil
}

// AvatarURL is the generated picture of an account without an uploaded one.
func AvatarURL(name string) string {
	// Spaces become %20, as in the links clients already show.
	return "https://ui-avatars.com/api/?name=" + strings.ReplaceAll(url.QueryEscape(name), "+", "%20") + "&background=random"
}

// Stored is the persisted form of a User, used by repositories only.
type Stored struct {
	ID           id.ID
	Username     Username
	Email        Email
	Name         string
	Bio          *string
	ProfileImage string
	// ProfileImageKey is the storage key of an uploaded avatar, or "".
	ProfileImageKey string
	PasswordHash    string
	Verified        bool
	Role            Role
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// FromStored rebuilds a User read from a store. It trusts the store.
func FromStored(s Stored) *User {
	return &User{
		id: s.ID, username: s.Username, email: s.Email, name: s.Name, bio: s.Bio,
		profileImage: s.ProfileImage, profileKey: s.ProfileImageKey, passwordHash: s.PasswordHash, verified: s.Verified,
		role: s.Role, createdAt: s.CreatedAt.UTC(), updatedAt: s.UpdatedAt.UTC(),
	}
}

// Stored returns the persisted form of u.
func (u *User) Stored() Stored {
	return Stored{
		ID: u.id, Username: u.username, Email: u.email, Name: u.name, Bio: u.bio,
		ProfileImage: u.profileImage, ProfileImageKey: u.profileKey, PasswordHash: u.passwordHash, Verified: u.verified,
		Role: u.role, CreatedAt: u.createdAt, UpdatedAt: u.updatedAt,
	}
}

// ID returns the account id.
func (u *User) ID() id.ID { return u.id }

// Username returns the handle.
func (u *User) Username() Username { return u.username }

// Email returns the sign-in address.
func (u *User) Email() Email { return u.email }

// Name returns the display name.
func (u *User) Name() string { return u.name }

// Bio returns the biography and whether one was ever set.
func (u *User) Bio() (string, bool) {
	if u.bio == nil {
		return "", false
	}
	return *u.bio, true
}

// ProfileImage returns the avatar URL.
func (u *User) ProfileImage() string { return u.profileImage }

// PasswordHash returns the stored password hash.
func (u *User) PasswordHash() string { return u.passwordHash }

// Verified reports whether the address was confirmed.
func (u *User) Verified() bool { return u.verified }

// VisibleTo reports whether viewer may see the account: one still to be
// verified exists only for itself, since its owner has not shown that the
// address is theirs and anyone may have typed it.
func (u *User) VisibleTo(viewer id.ID) bool { return u.verified || u.id == viewer }

// Role returns the classic-surface role.
func (u *User) Role() Role { return u.role }

// CreatedAt returns when the account was made.
func (u *User) CreatedAt() time.Time { return u.createdAt }

// UpdatedAt returns when the account last changed.
func (u *User) UpdatedAt() time.Time { return u.updatedAt }

// ReplaceRegistration overwrites an unverified account with a new sign-up's
// details, as registering again does before the address is confirmed.
func (u *User) ReplaceRegistration(p NewParams) error {
	if u.verified {
		return ErrEmailTaken
	}
	name, err := ParseName(p.Name)
	if err != nil {
		return err
	}
	u.username, u.email, u.name = p.Username, p.Email, name
	u.passwordHash = p.PasswordHash
	u.profileImage = AvatarURL(name)
	u.touch(p.Now)
	return nil
}

// Verify marks the address as confirmed.
func (u *User) Verify(now time.Time) {
	u.verified = true
	u.touch(now)
}

// SetPasswordHash records a new password hash.
func (u *User) SetPasswordHash(hash string, now time.Time) {
	u.passwordHash = hash
	u.touch(now)
}

// Rename changes the display name.
func (u *User) Rename(name string, now time.Time) error {
	n, err := ParseName(name)
	if err != nil {
		return err
	}
	u.name = n
	u.touch(now)
	return nil
}

// ChangeEmail moves the account to a confirmed new address.
func (u *User) ChangeEmail(e Email, now time.Time) {
	u.email = e
	u.touch(now)
}

// SetBio sets the biography; an empty one is kept as empty, not removed.
func (u *User) SetBio(bio string, now time.Time) {
	u.bio = &bio
	u.touch(now)
}

// SetProfileImage points the avatar at a stored image and returns the key
// of the image it replaces ("" for the generated avatar), which the caller
// deletes from storage.
func (u *User) SetProfileImage(url, key string, now time.Time) (oldKey string) {
	oldKey = u.profileKey
	u.profileImage, u.profileKey = url, key
	u.touch(now)
	return oldKey
}

// PromoteToCreator makes a USER a CREATOR; the change is one-way.
func (u *User) PromoteToCreator(now time.Time) {
	if u.role != RoleCreator {
		u.role = RoleCreator
		u.touch(now)
	}
}

func (u *User) touch(now time.Time) { u.updatedAt = now.UTC() }
