package v1

import (
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/ports/http/web"
)

// publicUser is an account as its owner sees it: no secrets.
type publicUser struct {
	ID           string   `json:"_id"`
	Username     string   `json:"username"`
	Email        string   `json:"email"`
	Name         string   `json:"name"`
	Bio          *string  `json:"bio,omitempty"`
	ProfileImage string   `json:"profileImage"`
	IsVerified   bool     `json:"isVerified"`
	CreatedAt    web.Time `json:"createdAt"`
	UpdatedAt    web.Time `json:"updatedAt"`
}

func toPublicUser(u *user.User) publicUser {
	p := publicUser{
		ID: u.ID().String(), Username: u.Username().String(), Email: u.Email().String(), Name: u.Name(),
		ProfileImage: u.ProfileImage(), IsVerified: u.Verified(),
		CreatedAt: web.Time(u.CreatedAt()), UpdatedAt: web.Time(u.UpdatedAt()),
	}
	if bio, ok := u.Bio(); ok {
		p.Bio = &bio
	}
	return p
}
