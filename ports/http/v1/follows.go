package v1

import (
	"context"
	"net/http"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/social"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/ports/http/web"
)

// followJSON is an entry of a followers or following list: _id and
// createdAt are the follow's, the rest the user's on its other end.
type followJSON struct {
	ID           string   `json:"_id"`
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	ProfileImage string   `json:"profileImage"`
	UserID       string   `json:"userId"`
	CreatedAt    web.Time `json:"createdAt"`
}

func (h *handler) toggleFollow(w http.ResponseWriter, r *http.Request) {
	target, ok := h.pathID(w, r, "userId")
	if !ok {
		return
	}
	followed, err := h.social.ToggleFollow(r.Context(), callerOf(r.Context()).principal, target)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	msg := "Unfollowed successfully"
	if followed {
		msg = "Followed successfully"
	}
	web.Respond(w, http.StatusOK, msg, map[string]bool{"isFollowed": followed})
}

func (h *handler) followers(w http.ResponseWriter, r *http.Request) {
	h.followList(w, r, "Followers fetched successfully", h.social.Followers)
}

func (h *handler) following(w http.ResponseWriter, r *http.Request) {
	h.followList(w, r, "Following list fetched successfully", h.social.Following)
}

func (h *handler) followList(w http.ResponseWriter, r *http.Request, msg string,
	read func(context.Context, app.Principal, id.ID, social.FollowListInput) (social.FollowPage, error),
) {
	uid, ok := h.pathID(w, r, "userId")
	if !ok {
		return
	}
	in, ok := h.parse(w, r, h.schemas.people.followList)
	if !ok {
		return
	}
	page, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	res, err := read(r.Context(), callerOf(r.Context()).principal, uid, social.FollowListInput{Page: page, Limit: limit, Desc: in.Str("sortOrder") != "asc"})
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	docs := make([]followJSON, 0, len(res.Items))
	for _, f := range res.Items {
		if f.User == nil {
			continue // the account is gone: the reference's $unwind drops it
		}
		docs = append(docs, followJSON{
			ID: f.Follow.ID.String(), Username: f.User.Username().String(), Name: f.User.Name(),
			ProfileImage: f.User.ProfileImage(), UserID: f.User.ID().String(), CreatedAt: web.Time(f.Follow.CreatedAt),
		})
	}
	web.Respond(w, http.StatusOK, msg, paginate(docs, res.Total, res.Page, res.Limit, "", false))
}
