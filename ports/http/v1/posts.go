package v1

import (
	"net/http"

	"github.com/stagecast/stagecast/app/posts"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/ports/http/web"
)

// The community post shapes of /api/v1, each in the reference's key order:
// a list item (an aggregation), a new post (populated), an edited one (the
// raw document, its owner an id).

// postJSON is a post in a list.
type postJSON struct {
	ID         string     `json:"_id"`
	Owner      *ownerJSON `json:"owner,omitempty"`
	Content    string     `json:"content"`
	CreatedAt  web.Time   `json:"createdAt"`
	UpdatedAt  web.Time   `json:"updatedAt"`
	LikesCount int64      `json:"likesCount"`
	IsLiked    bool       `json:"isLiked"`
}

// newPostJSON is a post as its creation answers it.
type newPostJSON struct {
	Owner     *ownerJSON `json:"owner,omitempty"`
	Content   string     `json:"content"`
	ID        string     `json:"_id"`
	CreatedAt web.Time   `json:"createdAt"`
	UpdatedAt web.Time   `json:"updatedAt"`
}

// rawPostJSON is the stored post.
type rawPostJSON struct {
	ID        string   `json:"_id"`
	Owner     string   `json:"owner"`
	Content   string   `json:"content"`
	CreatedAt web.Time `json:"createdAt"`
	UpdatedAt web.Time `json:"updatedAt"`
}

func toPosts(items []posts.PostView) []postJSON {
	out := make([]postJSON, len(items))
	for i, v := range items {
		p := v.Post
		out[i] = postJSON{
			ID: p.ID().String(), Owner: toOwner(v.Owner), Content: p.Content(),
			CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt()), LikesCount: v.Likes, IsLiked: v.Liked,
		}
	}
	return out
}

func toRawPost(p *post.Post) rawPostJSON {
	return rawPostJSON{ID: p.ID().String(), Owner: p.Owner().String(), Content: p.Content(),
		CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt())}
}

func (h *handler) createPost(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.content.post)
	if !ok {
		return
	}
	v, err := h.posts.CreatePost(r.Context(), callerOf(r.Context()).principal, in.Str("content"))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	p := v.Post
	web.Respond(w, http.StatusCreated, "Community post created successfully", newPostJSON{
		Owner: toOwner(v.Owner), Content: p.Content(), ID: p.ID().String(),
		CreatedAt: web.Time(p.CreatedAt()), UpdatedAt: web.Time(p.UpdatedAt()),
	})
}

func (h *handler) postFeed(w http.ResponseWriter, r *http.Request) {
	in, ok := h.postListInput(w, r)
	if !ok {
		return
	}
	page, err := h.posts.Feed(r.Context(), callerOf(r.Context()).principal, in)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Community feed fetched successfully",
		paginate(toPosts(page.Items), page.Total, page.Page, page.Limit, page.NextCursor, in.Cursor != ""))
}

func (h *handler) userPosts(w http.ResponseWriter, r *http.Request) {
	uid, ok := h.pathID(w, r, "userId")
	if !ok {
		return
	}
	in, ok := h.postListInput(w, r)
	if !ok {
		return
	}
	page, err := h.posts.UserPosts(r.Context(), callerOf(r.Context()).principal, uid, in)
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Community posts fetched successfully",
		paginate(toPosts(page.Items), page.Total, page.Page, page.Limit, page.NextCursor, in.Cursor != ""))
}

// postListInput reads the page, limit and cursor of a post list.
func (h *handler) postListInput(w http.ResponseWriter, r *http.Request) (posts.ListInput, bool) {
	in, ok := h.parse(w, r, h.schemas.cursorQuery)
	if !ok {
		return posts.ListInput{}, false
	}
	pg, limit, ok := h.pageQuery(w, r)
	if !ok {
		return posts.ListInput{}, false
	}
	return posts.ListInput{Page: pg, Limit: limit, Cursor: in.Str("cursor")}, true
}

func (h *handler) editPost(w http.ResponseWriter, r *http.Request) {
	pid, ok := h.pathID(w, r, "postId")
	if !ok {
		return
	}
	in, ok := h.parse(w, r, h.schemas.content.post)
	if !ok {
		return
	}
	p, err := h.posts.EditPost(r.Context(), callerOf(r.Context()).principal, pid, in.Str("content"))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Post updated successfully", toRawPost(p))
}

func (h *handler) deletePost(w http.ResponseWriter, r *http.Request) {
	pid, ok := h.pathID(w, r, "postId")
	if !ok {
		return
	}
	if err := h.posts.DeletePost(r.Context(), callerOf(r.Context()).principal, pid); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Post deleted successfully", nil)
}
