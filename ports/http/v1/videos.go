package v1

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
	"github.com/stagecast/stagecast/ports/http/web"
)

// pathID reads and checks an id path parameter; on failure it answers 400.
func (h *handler) pathID(w http.ResponseWriter, r *http.Request, name string) (id.ID, bool) {
	v, ok := id.Parse(chi.URLParam(r, name))
	if !ok {
		web.Error(w, r, h.log, web.InvalidID(name))
	}
	return v, ok
}

func (h *handler) listVideos(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.videoQuery)
	if !ok {
		return
	}
	q := videos.ListInput{
		Page: int(in.Num("page")), Limit: int(in.Num("limit")), Search: in.Str("query"),
		Sort: video.SortField(in.Str("sortBy")), Desc: in.Str("sortOrder") != "asc", Cursor: in.Str("cursor"),
	}
	if q.Sort == "" {
		q.Sort = video.SortCreatedAt
	}
	if uid := in.Str("userId"); uid != "" {
		owner, ok := id.Parse(uid)
		if !ok {
			web.Error(w, r, h.log, web.InvalidID("userId"))
			return
		}
		q.Owner = owner
	}
	page, err := h.videos.ListVideos(r.Context(), callerOf(r.Context()).principal, q)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Videos fetched",
		paginate(toVideos(page.Items, shapeList), page.Total, page.Page, page.Limit, page.NextCursor, q.Cursor != ""))
}

func (h *handler) myVideos(w http.ResponseWriter, r *http.Request) {
	h.videoPage(w, r, "videos fetched successfully", shapeMine, h.videos.MyVideos)
}

// subscriptionFeed lists the published videos of the people the caller
// follows, newest first, by page number or by cursor; cursors stay
// correct while new videos arrive.
func (h *handler) subscriptionFeed(w http.ResponseWriter, r *http.Request) {
	h.videoPage(w, r, "Subscription feed fetched successfully", shapeList, h.videos.SubscriptionFeed)
}

// videoPage answers a list of the caller's videos, or of videos chosen for
// the caller, read leniently by page number or by cursor.
func (h *handler) videoPage(w http.ResponseWriter, r *http.Request, msg string, s shape,
	read func(ctx context.Context, p app.Principal, page, limit int, cursor string) (videos.VideoPage, error),
) {
	in, ok := h.parse(w, r, h.schemas.cursorQuery)
	if !ok {
		return
	}
	pg, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	cursor := in.Str("cursor")
	page, err := read(r.Context(), callerOf(r.Context()).principal, pg, limit, cursor)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, msg,
		paginate(toVideos(page.Items, s), page.Total, page.Page, page.Limit, page.NextCursor, cursor != ""))
}

func (h *handler) getVideo(w http.ResponseWriter, r *http.Request) {
	vid, ok := h.pathID(w, r, "videoId")
	if !ok {
		return
	}
	d, err := h.videos.GetVideo(r.Context(), callerOf(r.Context()).principal, vid)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	out := toVideo(d.VideoView, shapeDetail)
	if out.Owner != nil {
		out.Owner.FollowersCount, out.Owner.IsFollowed = &d.OwnerFollowers, &d.CallerFollows
	}
	web.Respond(w, http.StatusOK, "Video fetched successfully", out)
}

func (h *handler) updateVideo(w http.ResponseWriter, r *http.Request) {
	// The body is checked before the id, as the reference does.
	in, ok := h.parse(w, r, h.schemas.videoDetails)
	if !ok {
		return
	}
	vid, ok := h.pathID(w, r, "videoId")
	if !ok {
		return
	}
	v, err := h.videos.UpdateVideo(r.Context(), callerOf(r.Context()).principal, vid, in.Str("title"), in.StrPtr("description"))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Video updated successfully", toVideo(v, shapeUpdated))
}

func (h *handler) deleteVideo(w http.ResponseWriter, r *http.Request) {
	vid, ok := h.pathID(w, r, "videoId")
	if !ok {
		return
	}
	if err := h.videos.DeleteVideo(r.Context(), callerOf(r.Context()).principal, vid); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Video deleted successfully", map[string]string{"deletedVideoId": vid.String()})
}

func (h *handler) togglePublish(w http.ResponseWriter, r *http.Request) {
	vid, ok := h.pathID(w, r, "videoId")
	if !ok {
		return
	}
	published, err := h.videos.TogglePublish(r.Context(), callerOf(r.Context()).principal, vid)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	msg := "Video is now unpublished"
	if published {
		msg = "Video is now published"
	}
	web.Respond(w, http.StatusOK, msg, struct {
		VideoID     string `json:"videoId"`
		IsPublished bool   `json:"isPublished"`
	}{vid.String(), published})
}
