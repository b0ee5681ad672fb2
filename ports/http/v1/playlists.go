package v1

import (
	"context"
	"net/http"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/playlists"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/ports/http/bind"
	"github.com/stagecast/stagecast/ports/http/web"
)

// playlistDetails are the fields a playlist body sets; absent ones are nil.
func playlistDetails(in bind.Values) playlist.Details {
	return playlist.Details{Name: in.StrPtr("name"), Description: in.StrPtr("description"), Published: in.BoolPtr("isPublished")}
}

// searchPlaylists finds public playlists by name or description. Unlike
// the reference (skip/limit, 500 on a bad value), page and limit are read
// leniently and limit is at most 100; the answer stays a plain array.
func (h *handler) searchPlaylists(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.content.playlistSearch)
	if !ok {
		return
	}
	pg, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	page, err := h.playlists.SearchPlaylists(r.Context(), callerOf(r.Context()).principal, in.Str("query"), pg, limit)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Playlists fetched successfully", toFoundPlaylists(page.Items))
}

func (h *handler) createPlaylist(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.content.newPlaylist)
	if !ok {
		return
	}
	o, err := h.playlists.CreatePlaylist(r.Context(), callerOf(r.Context()).principal, playlistDetails(in))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusCreated, "Playlist created successfully", toRawPlaylist(o))
}

func (h *handler) myPlaylists(w http.ResponseWriter, r *http.Request) {
	pg, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	page, err := h.playlists.MyPlaylists(r.Context(), callerOf(r.Context()).principal, pg, limit)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "playlists fetched successfully",
		paginate(toMyPlaylists(page.Items), page.Total, page.Page, page.Limit, "", false))
}

// userPlaylists lists a user's public playlists as a plain array, as the
// reference does, but a page at a time (at most 100) instead of all.
func (h *handler) userPlaylists(w http.ResponseWriter, r *http.Request) {
	uid, ok := h.pathID(w, r, "userId")
	if !ok {
		return
	}
	pg, limit, ok := h.pageQueryOr(w, r, wholeLimit)
	if !ok {
		return
	}
	page, err := h.playlists.UserPlaylists(r.Context(), callerOf(r.Context()).principal, uid, pg, limit)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "User playlists fetched successfully", toUserPlaylists(page.Items))
}

func (h *handler) getPlaylist(w http.ResponseWriter, r *http.Request) {
	pid, ok := h.pathID(w, r, "playlistId")
	if !ok {
		return
	}
	d, err := h.playlists.Playlist(r.Context(), callerOf(r.Context()).principal, pid)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Playlist fetched successfully", toPlaylistDetail(d))
}

func (h *handler) editPlaylist(w http.ResponseWriter, r *http.Request) {
	pid, ok := h.pathID(w, r, "playlistId")
	if !ok {
		return
	}
	in, ok := h.parse(w, r, h.schemas.content.editPlaylist)
	if !ok {
		return
	}
	o, err := h.playlists.EditPlaylist(r.Context(), callerOf(r.Context()).principal, pid, playlistDetails(in))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Playlist updated successfully", toRawPlaylist(o))
}

func (h *handler) deletePlaylist(w http.ResponseWriter, r *http.Request) {
	pid, ok := h.pathID(w, r, "playlistId")
	if !ok {
		return
	}
	if err := h.playlists.DeletePlaylist(r.Context(), callerOf(r.Context()).principal, pid); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Playlist deleted successfully", nil)
}

func (h *handler) addToPlaylist(w http.ResponseWriter, r *http.Request) {
	h.changePlaylistVideos(w, r, "Video added to playlist successfully", h.playlists.AddVideo)
}

func (h *handler) removeFromPlaylist(w http.ResponseWriter, r *http.Request) {
	h.changePlaylistVideos(w, r, "Video removed from playlist successfully", h.playlists.RemoveVideo)
}

// changePlaylistVideos adds a video to a playlist or takes it out, and
// answers the playlist as changed.
func (h *handler) changePlaylistVideos(w http.ResponseWriter, r *http.Request, msg string,
	change func(context.Context, app.Principal, id.ID, id.ID) (playlists.Owned, error),
) {
	pid, ok := h.pathID(w, r, "playlistId")
	if !ok {
		return
	}
	vid, ok := h.pathID(w, r, "videoId")
	if !ok {
		return
	}
	o, err := change(r.Context(), callerOf(r.Context()).principal, pid, vid)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, msg, toRawPlaylist(o))
}
