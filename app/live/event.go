package live

import (
	"time"

	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/domain/id"
)

// Kind names an event of a room.
type Kind string

// The events of a room.
const (
	// NewComment carries a comment just written, or missed while away.
	NewComment Kind = "new_comment"
	// CommentUpdated carries a comment whose text changed.
	CommentUpdated Kind = "comment_updated"
	// CommentDeleted carries the id of a deleted comment.
	CommentDeleted Kind = "comment_deleted"
	// Viewers carries how many connections watch the room.
	Viewers Kind = "viewers"
	// VideoHidden tells the instances that a video was unpublished (or is
	// being deleted): its room keeps only its owner. Clients never see it.
	VideoHidden Kind = "video_hidden"
	// Resync comes from this instance's broker alone, when events of
	// other instances were missed (an outage, a gap in their numbering):
	// the viewers in rooms are closed as slow, so that they reconnect and
	// catch up from the store with since.
	Resync Kind = "resync"
)

// Author is who wrote a comment, as events show them.
type Author struct {
	ID       id.ID
	Username string
	Name     string
	// ProfileImage is the URL of the author's picture; "" when none.
	ProfileImage string
}

// Comment is a stored comment as events carry it: plain values, so that a
// broker can carry it between instances.
type Comment struct {
	ID        id.ID
	VideoID   id.ID
	Content   string
	CreatedAt time.Time
	UpdatedAt time.Time
	// Author is nil when the account is gone.
	Author *Author
}

// Event is one thing that happened in a video's room.
type Event struct {
	Kind    Kind
	VideoID id.ID
	// Comment is the comment of NewComment and CommentUpdated; of
	// CommentDeleted only its ID is set.
	Comment Comment
	// Viewers is the count of a Viewers event. Between instances it is
	// the count of the Origin instance alone; viewers receive the sum.
	Viewers int
	// Origin is the instance that counted the viewers of a Viewers event.
	Origin string
	// Owner is the owner of the video of a VideoHidden event, who may
	// stay in its room.
	Owner id.ID
}

// CommentOf turns a stored comment under a video into its event form.
func CommentOf(v comments.CommentView) Comment {
	c := v.Comment
	out := Comment{
		ID: c.ID(), VideoID: c.Parent().ID, Content: c.Content(),
		CreatedAt: c.CreatedAt(), UpdatedAt: c.UpdatedAt(),
	}
	if u := v.Owner; u != nil {
		out.Author = &Author{ID: u.ID(), Username: u.Username().String(), Name: u.Name(), ProfileImage: u.ProfileImage()}
	}
	return out
}
