package v1

import (
	"net/http"

	"github.com/stagecast/stagecast/ports/http/web"
)

// subscriptionFeed lists the published videos of the people the caller
// follows, newest first, by page number or by cursor; cursors stay
// correct while new videos arrive.
func (h *handler) subscriptionFeed(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.cursorQuery)
	if !ok {
		return
	}
	pg, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	cursor := in.Str("cursor")
	page, err := h.videos.SubscriptionFeed(r.Context(), callerOf(r.Context()).principal, pg, limit, cursor)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Subscription feed fetched successfully",
		paginate(toVideos(page.Items, shapeList), page.Total, page.Page, page.Limit, page.NextCursor, cursor != ""))
}
