package v1

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/stagecast/stagecast/app/profiles"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/ports/http/web"
)

// userHit is an account in search results.
type userHit struct {
	ID           string `json:"_id"`
	Name         string `json:"name"`
	Username     string `json:"username"`
	ProfileImage string `json:"profileImage"`
	IsVerified   bool   `json:"isVerified"`
}

// profileJSON is a user's public page: no email, no updatedAt.
// isFollowed repeats isFollowedByMe, as the reference sends both.
type profileJSON struct {
	ID             string   `json:"_id"`
	Username       string   `json:"username"`
	Name           string   `json:"name"`
	Bio            *string  `json:"bio,omitempty"`
	ProfileImage   string   `json:"profileImage"`
	IsVerified     bool     `json:"isVerified"`
	CreatedAt      web.Time `json:"createdAt"`
	FollowersCount int64    `json:"followersCount"`
	FollowingCount int64    `json:"followingCount"`
	TotalViews     int64    `json:"totalViews"`
	TotalLikes     int64    `json:"totalLikes"`
	IsFollowedByMe bool     `json:"isFollowedByMe"`
	IsFollowed     bool     `json:"isFollowed"`
}

func toProfile(p profiles.Profile) profileJSON {
	u := p.User
	out := profileJSON{
		ID: u.ID().String(), Username: u.Username().String(), Name: u.Name(), ProfileImage: u.ProfileImage(),
		IsVerified: u.Verified(), CreatedAt: web.Time(u.CreatedAt()),
		FollowersCount: p.Followers, FollowingCount: p.Following, TotalViews: p.TotalViews, TotalLikes: p.TotalLikes,
		IsFollowedByMe: p.FollowedByMe, IsFollowed: p.FollowedByMe,
	}
	if bio, ok := u.Bio(); ok {
		out.Bio = &bio
	}
	return out
}

func (h *handler) searchUsers(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.people.userSearch)
	if !ok {
		return
	}
	page, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	users, err := h.profiles.SearchUsers(r.Context(), in.Str("query"), page, limit)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	out := make([]userHit, len(users))
	for i, u := range users {
		out[i] = userHit{ID: u.ID().String(), Name: u.Name(), Username: u.Username().String(),
			ProfileImage: u.ProfileImage(), IsVerified: u.Verified()}
	}
	web.Respond(w, http.StatusOK, "Users fetched successfully", out)
}

func (h *handler) updateName(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.people.rename)
	if !ok {
		return
	}
	u, err := h.profiles.Rename(r.Context(), callerOf(r.Context()).principal, in.Str("name"))
	h.respondUser(w, r, "Name updated successfully", u, err)
}

func (h *handler) updateBio(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.people.bio)
	if !ok {
		return
	}
	u, err := h.profiles.SetBio(r.Context(), callerOf(r.Context()).principal, in.Str("bio"))
	h.respondUser(w, r, "Bio updated successfully", u, err)
}

// respondUser answers the caller's account after a change, or the error.
func (h *handler) respondUser(w http.ResponseWriter, r *http.Request, msg string, u *user.User, err error) {
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, msg, toPublicUser(u))
}

func (h *handler) userProfile(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "username")
	if strings.TrimSpace(name) == "" {
		// userProfileSchema's only check; any other name that cannot be a
		// username is simply nobody's (404), which the core answers.
		web.Error(w, r, h.log, errs.InvalidFields(errs.FieldError{Field: "username", Message: user.MsgUsernameRequired}))
		return
	}
	p, err := h.profiles.ProfileOf(r.Context(), callerOf(r.Context()).principal, name)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "User profile fetched successfully", toProfile(p))
}

func (h *handler) dashboardStats(w http.ResponseWriter, r *http.Request) {
	s, err := h.profiles.DashboardStats(r.Context(), callerOf(r.Context()).principal)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Dashboard stats fetched successfully", struct {
		TotalVideos    int64 `json:"totalVideos"`
		TotalViews     int64 `json:"totalViews"`
		TotalFollowers int64 `json:"totalFollowers"`
		TotalLikes     int64 `json:"totalLikes"`
	}{s.Videos, s.Views, s.Followers, s.Likes})
}
