package v1

import (
	"net/http"

	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/ports/http/web"
)

func (h *handler) watchHistory(w http.ResponseWriter, r *http.Request) {
	pg, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	page, err := h.videos.WatchHistory(r.Context(), callerOf(r.Context()).principal, pg, limit)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Watch history fetched successfully",
		paginate(toVideos(page.Items, shapeHistory), page.Total, page.Page, page.Limit, "", false))
}

func (h *handler) removeFromHistory(w http.ResponseWriter, r *http.Request) {
	vid, ok := h.pathID(w, r, "videoId")
	if !ok {
		return
	}
	if err := h.videos.RemoveFromHistory(r.Context(), callerOf(r.Context()).principal, vid); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Video removed from watch history", nil)
}

func (h *handler) clearHistory(w http.ResponseWriter, r *http.Request) {
	n, err := h.videos.ClearHistory(r.Context(), callerOf(r.Context()).principal)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Watch history cleared", map[string]int{"removedCount": n})
}

// updateProfileImage sets the avatar from a streamed image (field
// profileImage) or, with a JSON body {profileImageKey}, a direct upload.
func (h *handler) updateProfileImage(w http.ResponseWriter, r *http.Request) {
	p := callerOf(r.Context()).principal
	var (
		u   *user.User
		err error
	)
	if isJSON(r) {
		in, ok := h.parse(w, r, h.schemas.avatarKey)
		if !ok {
			return
		}
		u, err = h.profiles.SetProfileImageFromUpload(r.Context(), p, in.Str("profileImageKey"))
	} else {
		var img *uploads.StoredMedia
		img, err = h.streamOneImage(w, r, p, "profileImage", uploads.KindAvatar, "profileImage file is required")
		if err == nil {
			u, err = h.profiles.SetProfileImage(r.Context(), p, *img)
		}
	}
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "User profileImage updated successfully", toPublicUser(u))
}
