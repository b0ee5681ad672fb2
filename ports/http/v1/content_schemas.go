package v1

import (
	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/ports/http/bind"
)

// contentSchemas are the request checks of comments, community posts and
// playlists. Each mirrors the reference's validator (its types, and the
// length checks it runs before trimming); the core then applies the rules
// of Part 1 (content trimmed, 1 to its maximum), so a blank text reaches
// it and is refused with the same message.
type contentSchemas struct {
	comment, post, playlistSearch *bind.Schema
	newPlaylist, editPlaylist     *bind.Schema
}

func newContentSchemas(v *validator.Validate) contentSchemas {
	return contentSchemas{
		comment: bind.NewSchema(v,
			bind.String("content").MultiLine().Check("min=1", comment.MsgContentRequired)),
		post: bind.NewSchema(v,
			bind.String("content").MultiLine().Check("min=1", post.MsgContentRequired)),
		playlistSearch: bind.NewSchema(v, bind.String("query").Optional().Trim()),
		newPlaylist:    bind.NewSchema(v, playlistFields(false)...),
		// UpdatePlaylistSchema is PlaylistSchema.partial(): the same rules
		// for each field sent, and none required.
		editPlaylist: bind.NewSchema(v, playlistFields(true)...),
	}
}

// playlistFields are PlaylistSchema's fields; the name is optional in the
// partial schema of an update.
func playlistFields(partial bool) []*bind.Field {
	name := bind.String("name")
	if partial {
		name.Optional()
	}
	return []*bind.Field{
		name.Check("min=1", playlist.MsgNameRequired).Check("max=100", playlist.MsgNameTooLong).Trim(),
		bind.String("description").Optional().MultiLine().Check("max=500", playlist.MsgDescriptionTooLong).Trim(),
		bind.Bool("isPublished").Optional(),
	}
}
