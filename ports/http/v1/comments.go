package v1

import (
	"context"
	"errors"
	"net/http"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/ports/http/web"
)

// communityPostError puts the core's post.ErrNotFound in the words the
// reference's comment and like routes use for a missing post, "Community
// post not found" (its post routes say "Post not found").
func communityPostError(err error) error {
	if errors.Is(err, post.ErrNotFound) {
		return post.ErrNotFound.WithMessage("Community post not found").WithCause(err)
	}
	return err
}

// commentList is one of the two comment lists: its path parameter, its
// use case and its message.
type commentList struct {
	param   string
	list    func(*comments.Service, context.Context, app.Principal, id.ID, comments.ListInput) (comments.Page, error)
	message string
}

var (
	videoCommentList = commentList{"videoId", (*comments.Service).ListOnVideo, "Video comments fetched successfully"}
	postCommentList  = commentList{"postId", (*comments.Service).ListOnPost, "Post comments fetched successfully"}
)

func (h *handler) videoComments(w http.ResponseWriter, r *http.Request) {
	h.listComments(w, r, videoCommentList)
}

func (h *handler) postComments(w http.ResponseWriter, r *http.Request) {
	h.listComments(w, r, postCommentList)
}

// listComments answers a page of comments, newest first, by page number or
// by cursor.
func (h *handler) listComments(w http.ResponseWriter, r *http.Request, l commentList) {
	parent, ok := h.pathID(w, r, l.param)
	if !ok {
		return
	}
	in, ok := h.parse(w, r, h.schemas.cursorQuery)
	if !ok {
		return
	}
	pg, limit, ok := h.pageQuery(w, r)
	if !ok {
		return
	}
	q := comments.ListInput{Page: pg, Limit: limit, Cursor: in.Str("cursor")}
	page, err := l.list(h.comments, r.Context(), callerOf(r.Context()).principal, parent, q)
	if err != nil {
		web.Error(w, r, h.log, communityPostError(err))
		return
	}
	web.Respond(w, http.StatusOK, l.message,
		paginate(toComments(page.Items), page.Total, page.Page, page.Limit, page.NextCursor, q.Cursor != ""))
}

func (h *handler) commentOnVideo(w http.ResponseWriter, r *http.Request) {
	h.writeComment(w, r, "videoId", (*comments.Service).CommentOnVideo)
}

func (h *handler) commentOnPost(w http.ResponseWriter, r *http.Request) {
	h.writeComment(w, r, "postId", (*comments.Service).CommentOnPost)
}

// writeComment checks the parent id, then the body (as the reference's
// validators run), then lets the core check the parent and the text.
func (h *handler) writeComment(w http.ResponseWriter, r *http.Request, param string,
	create func(*comments.Service, context.Context, app.Principal, id.ID, string) (comments.CommentView, error)) {
	parent, ok := h.pathID(w, r, param)
	if !ok {
		return
	}
	in, ok := h.parse(w, r, h.schemas.content.comment)
	if !ok {
		return
	}
	c, err := create(h.comments, r.Context(), callerOf(r.Context()).principal, parent, in.Str("content"))
	if err != nil {
		web.Error(w, r, h.log, communityPostError(err))
		return
	}
	web.Respond(w, http.StatusCreated, "Comment added successfully", toNewComment(c))
}

func (h *handler) editComment(w http.ResponseWriter, r *http.Request) {
	cid, ok := h.pathID(w, r, "commentId")
	if !ok {
		return
	}
	in, ok := h.parse(w, r, h.schemas.content.comment)
	if !ok {
		return
	}
	c, err := h.comments.EditComment(r.Context(), callerOf(r.Context()).principal, cid, in.Str("content"))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Comment updated successfully", toRawComment(c))
}

func (h *handler) deleteComment(w http.ResponseWriter, r *http.Request) {
	cid, ok := h.pathID(w, r, "commentId")
	if !ok {
		return
	}
	if err := h.comments.DeleteComment(r.Context(), callerOf(r.Context()).principal, cid); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Comment deleted successfully", nil)
}
