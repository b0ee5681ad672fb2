package v1

import (
	"context"
	"net/http"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/ports/http/web"
)

// shapeLiked is a video in the liked-videos list: with its owner and
// isPublished, without like figures, as the reference answers it.
var shapeLiked = shape{owner: true, published: true}

// likeToggle is what differs between the three like toggles.
type likeToggle struct {
	param          string // the path id's name
	liked, unliked string // the messages
	toggle         func(ctx context.Context, p app.Principal, target id.ID) (bool, error)
}

func (h *handler) toggleLike(w http.ResponseWriter, r *http.Request, t likeToggle) {
	target, ok := h.pathID(w, r, t.param)
	if !ok {
		return
	}
	liked, err := t.toggle(r.Context(), callerOf(r.Context()).principal, target)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	msg := t.unliked
	if liked {
		msg = t.liked
	}
	web.Respond(w, http.StatusOK, msg, map[string]bool{"isLiked": liked})
}

func (h *handler) toggleVideoLike(w http.ResponseWriter, r *http.Request) {
	h.toggleLike(w, r, likeToggle{"videoId", "Video liked successfully", "Video unliked successfully", h.social.ToggleVideoLike})
}

func (h *handler) toggleCommentLike(w http.ResponseWriter, r *http.Request) {
	h.toggleLike(w, r, likeToggle{"commentId", "Comment liked successfully", "Comment unliked successfully", h.social.ToggleCommentLike})
}

func (h *handler) togglePostLike(w http.ResponseWriter, r *http.Request) {
	h.toggleLike(w, r, likeToggle{"postId", "Post liked successfully", "Post unliked successfully",
		func(ctx context.Context, p app.Principal, postID id.ID) (bool, error) {
			liked, err := h.social.TogglePostLike(ctx, p, postID)
			return liked, communityPostError(err)
		}})
}

func (h *handler) likedVideos(w http.ResponseWriter, r *http.Request) {
	page, limit, ok := h.pageQueryOr(w, r, wholeLimit)
	if !ok {
		return
	}
	views, err := h.videos.LikedVideos(r.Context(), callerOf(r.Context()).principal, page, limit)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	out := make([]videoJSON, 0, len(views))
	for _, v := range views {
		// The reference's $unwind drops a video whose owner is gone.
		if v.Owner != nil {
			out = append(out, toVideo(v, shapeLiked))
		}
	}
	web.Respond(w, http.StatusOK, "Liked videos fetched successfully", out)
}
