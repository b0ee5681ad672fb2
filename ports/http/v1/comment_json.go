package v1

import (
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/ports/http/web"
)

// The comment shapes of /api/v1. Each is its own type so that the keys come
// out in the reference's order: a list item is an aggregation's projection,
// a new comment a populated document, an edited one the raw document.
// Exactly one of Video and CommunityPost is set, the other left out.

// commentJSON is a comment in a list.
type commentJSON struct {
	ID            string     `json:"_id"`
	Content       string     `json:"content"`
	Video         string     `json:"video,omitempty"`
	CommunityPost string     `json:"communityPost,omitempty"`
	Owner         *ownerJSON `json:"owner,omitempty"`
	CreatedAt     web.Time   `json:"createdAt"`
	UpdatedAt     web.Time   `json:"updatedAt"`
	LikesCount    int64      `json:"likesCount"`
	IsLiked       bool       `json:"isLiked"`
}

// newCommentJSON is a comment as its creation answers it.
type newCommentJSON struct {
	Content       string     `json:"content"`
	Video         string     `json:"video,omitempty"`
	CommunityPost string     `json:"communityPost,omitempty"`
	Owner         *ownerJSON `json:"owner,omitempty"`
	ID            string     `json:"_id"`
	CreatedAt     web.Time   `json:"createdAt"`
	UpdatedAt     web.Time   `json:"updatedAt"`
}

// rawCommentJSON is the stored comment, its owner as an id.
type rawCommentJSON struct {
	ID            string   `json:"_id"`
	Content       string   `json:"content"`
	Video         string   `json:"video,omitempty"`
	CommunityPost string   `json:"communityPost,omitempty"`
	Owner         string   `json:"owner"`
	CreatedAt     web.Time `json:"createdAt"`
	UpdatedAt     web.Time `json:"updatedAt"`
}

// parentKeys returns the video and communityPost keys of a comment.
func parentKeys(p comment.Parent) (videoID, postID string) {
	if p.Kind == comment.OnPost {
		return "", p.ID.String()
	}
	return p.ID.String(), ""
}

func toComments(items []comments.CommentView) []commentJSON {
	out := make([]commentJSON, len(items))
	for i, v := range items {
		c := v.Comment
		vid, pid := parentKeys(c.Parent())
		out[i] = commentJSON{
			ID: c.ID().String(), Content: c.Content(), Video: vid, CommunityPost: pid, Owner: toOwner(v.Owner),
			CreatedAt: web.Time(c.CreatedAt()), UpdatedAt: web.Time(c.UpdatedAt()), LikesCount: v.Likes, IsLiked: v.Liked,
		}
	}
	return out
}

func toNewComment(v comments.CommentView) newCommentJSON {
	c := v.Comment
	vid, pid := parentKeys(c.Parent())
	return newCommentJSON{
		Content: c.Content(), Video: vid, CommunityPost: pid, Owner: toOwner(v.Owner),
		ID: c.ID().String(), CreatedAt: web.Time(c.CreatedAt()), UpdatedAt: web.Time(c.UpdatedAt()),
	}
}

func toRawComment(c *comment.Comment) rawCommentJSON {
	vid, pid := parentKeys(c.Parent())
	return rawCommentJSON{
		ID: c.ID().String(), Content: c.Content(), Video: vid, CommunityPost: pid, Owner: c.Owner().String(),
		CreatedAt: web.Time(c.CreatedAt()), UpdatedAt: web.Time(c.UpdatedAt()),
	}
}
