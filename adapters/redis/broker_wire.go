package redis

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/id"
)

// wireVersion is the version of the message format. A broker ignores
// messages of another version rather than guess at what they mean.
const wireVersion = 1

// maxMessage bounds a message on the channel. An event's largest part is
// a comment of at most 2,000 characters, under 16 KiB even with every
// character escaped; a larger message is not one of ours.
const maxMessage = 64 << 10

// wireEvent is one live.Event on the channel, as JSON. The adapter owns
// the format, so that the app's types carry no encoding and a change to
// them shows here as a compile error rather than on the wire.
type wireEvent struct {
	V       int          `json:"v"`
	From    string       `json:"from"` // the sending broker's instance id
	Seq     uint64       `json:"seq"`  // 1, 2, … per sending broker
	Kind    live.Kind    `json:"kind"`
	VideoID id.ID        `json:"videoId"`
	Comment *wireComment `json:"comment,omitempty"`
	Viewers int          `json:"viewers,omitempty"`
	Origin  string       `json:"origin,omitempty"`
	Owner   id.ID        `json:"owner,omitempty"`
}

type wireComment struct {
	ID      id.ID  `json:"id"`
	VideoID id.ID  `json:"videoId,omitempty"`
	Content string `json:"content,omitempty"`
	// Times are RFC 3339 in UTC with nanoseconds, so that a comment
	// compares equal on every instance.
	CreatedAt time.Time   `json:"createdAt,omitzero"`
	UpdatedAt time.Time   `json:"updatedAt,omitzero"`
	Author    *wireAuthor `json:"author"` // null when the account is gone
}

type wireAuthor struct {
	ID           id.ID  `json:"id"`
	Username     string `json:"username"`
	Name         string `json:"name"`
	ProfileImage string `json:"profileImage,omitempty"`
}

// encodeEvent returns e as a message of broker from, numbered seq.
func encodeEvent(e live.Event, from string, seq uint64) (string, error) {
	w := wireEvent{V: wireVersion, From: from, Seq: seq, Kind: e.Kind, VideoID: e.VideoID, Viewers: e.Viewers, Origin: e.Origin, Owner: e.Owner}
	if c := e.Comment; c != (live.Comment{}) {
		w.Comment = &wireComment{
			ID: c.ID, VideoID: c.VideoID, Content: c.Content,
			CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
		}
		if a := c.Author; a != nil {
			w.Comment.Author = &wireAuthor{ID: a.ID, Username: a.Username, Name: a.Name, ProfileImage: a.ProfileImage}
		}
	}
	m, err := json.Marshal(w)
	if err != nil {
		return "", err
	}
	if len(m) > maxMessage {
		return "", fmt.Errorf("%d bytes, over %d", len(m), maxMessage)
	}
	return string(m), nil
}

// decodeEvent returns the event of message m, the broker that sent it and
// its sequence number, or why m is not a message of this version.
func decodeEvent(m string) (e live.Event, from string, seq uint64, err error) {
	if len(m) > maxMessage {
		return e, "", 0, fmt.Errorf("%d bytes, over %d", len(m), maxMessage)
	}
	var w wireEvent
	if err := json.Unmarshal([]byte(m), &w); err != nil {
		return e, "", 0, err
	}
	if err := w.check(); err != nil {
		return e, "", 0, err
	}
	e = live.Event{Kind: w.Kind, VideoID: w.VideoID, Viewers: w.Viewers, Origin: w.Origin, Owner: w.Owner}
	if c := w.Comment; c != nil {
		e.Comment = live.Comment{
			ID: c.ID, VideoID: c.VideoID, Content: c.Content,
			CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		}
		if a := c.Author; a != nil {
			e.Comment.Author = &live.Author{ID: a.ID, Username: a.Username, Name: a.Name, ProfileImage: a.ProfileImage}
		}
	}
	return e, w.From, w.Seq, nil
}

// check rejects what no broker of this version sends, so that the
// receiving function only sees events it could have been handed locally.
func (w *wireEvent) check() error {
	if w.V != wireVersion {
		return fmt.Errorf("version %d, want %d", w.V, wireVersion)
	}
	if !isInstance(w.From) || w.Seq == 0 {
		return errors.New("no sender or sequence number")
	}
	if !id.Valid(w.VideoID.String()) {
		return errors.New("no valid video id")
	}
	switch w.Kind {
	case live.NewComment, live.CommentUpdated, live.CommentDeleted:
		c := w.Comment
		if c == nil || !id.Valid(c.ID.String()) {
			return errors.New("no valid comment id")
		}
		if c.VideoID != "" && !id.Valid(c.VideoID.String()) || c.Author != nil && !id.Valid(c.Author.ID.String()) {
			return errors.New("an invalid id in the comment")
		}
	case live.Viewers:
		if w.Viewers < 0 || w.Origin == "" {
			return errors.New("no viewer count or origin")
		}
	case live.VideoHidden:
		if !id.Valid(w.Owner.String()) {
			return errors.New("no valid owner")
		}
	default:
		return fmt.Errorf("unknown kind %q", w.Kind)
	}
	return nil
}

// isInstance reports whether s is an instance id: 32 lowercase hex digits.
func isInstance(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
