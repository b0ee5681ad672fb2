// Package dialect turns the live core's events into the JSON payloads of
// one surface: /api/v1's shapes (api-v1.md) or the classic ones
// (api-classic.md). Every live endpoint uses it, so that a surface's
// comment looks the same on every transport and on its REST routes.
package dialect

import (
	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/http/web"
)

// Dialect is the shapes of one surface.
type Dialect int

// The surfaces' dialects.
const (
	// V1 is /api/v1's: a comment as its creation route answers it.
	V1 Dialect = iota
	// Classic is /api's: the classic Comment.
	Classic
)

// v1Owner is the author of a comment in /api/v1.
type v1Owner struct {
	ID           string `json:"_id"`
	Username     string `json:"username"`
	Name         string `json:"name"`
	ProfileImage string `json:"profileImage"`
}

// v1Comment is a comment as POST /api/v1/comment/:videoId answers it.
type v1Comment struct {
	Content   string   `json:"content"`
	Video     string   `json:"video"`
	Owner     *v1Owner `json:"owner,omitempty"`
	ID        string   `json:"_id"`
	CreatedAt web.Time `json:"createdAt"`
	UpdatedAt web.Time `json:"updatedAt"`
}

// classicUser is the classic UserRef.
type classicUser struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// classicComment is the classic Comment.
type classicComment struct {
	ID        string       `json:"id"`
	Content   string       `json:"content"`
	CreatedAt web.Time     `json:"createdAt"`
	User      *classicUser `json:"user"`
	VideoID   string       `json:"videoId"`
}

// Deleted is the payload of comment_deleted on every endpoint.
type Deleted struct {
	ID      string `json:"id"`
	VideoID string `json:"videoId"`
}

// Count is the payload of viewers.
type Count struct {
	VideoID string `json:"videoId"`
	Count   int    `json:"count"`
}

// Problem is the payload of error, and of a failed acknowledgement.
type Problem struct {
	Message string `json:"message"`
}

// Comment is the payload of a comment in the dialect.
func (d Dialect) Comment(c live.Comment) any {
	if d == Classic {
		out := classicComment{ID: c.ID.String(), Content: c.Content, CreatedAt: web.Time(c.CreatedAt), VideoID: c.VideoID.String()}
		if a := c.Author; a != nil {
			out.User = &classicUser{ID: a.ID.String(), Name: a.Name}
		}
		return out
	}
	out := v1Comment{
		Content: c.Content, Video: c.VideoID.String(), ID: c.ID.String(),
		CreatedAt: web.Time(c.CreatedAt), UpdatedAt: web.Time(c.UpdatedAt),
	}
	if a := c.Author; a != nil {
		out.Owner = &v1Owner{ID: a.ID.String(), Username: a.Username, Name: a.Name, ProfileImage: a.ProfileImage}
	}
	return out
}

// Data is the payload of an event in the dialect; its name is e.Kind.
func (d Dialect) Data(e live.Event) any {
	switch e.Kind {
	case live.CommentDeleted:
		return Deleted{ID: e.Comment.ID.String(), VideoID: e.VideoID.String()}
	case live.Viewers:
		return Count{VideoID: e.VideoID.String(), Count: e.Viewers}
	default:
		return d.Comment(e.Comment)
	}
}

// ProblemOf is the client's view of a refusal: the public message of a
// domain error, and nothing of an internal one.
func ProblemOf(err error) Problem {
	return Problem{Message: errs.PublicMessage(err)}
}

// Room is the acknowledgement of join_video and leave_video.
type Room struct {
	OK      bool   `json:"ok"`
	VideoID string `json:"videoId"`
}

// Joined acknowledges a join or leave of the video.
func Joined(videoID string) Room { return Room{OK: true, VideoID: videoID} }
