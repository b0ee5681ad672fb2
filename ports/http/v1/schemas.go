package v1

import (
	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
	"github.com/stagecast/stagecast/ports/http/bind"
)

// schemas are the request checks of /api/v1, with the reference's messages
// and order of checks.
type schemas struct {
	checkUsername, register, verify, emailOnly, login, reset, changePassword     *bind.Schema
	videoQuery, videoDetails, finalizeVideo, signUpload, thumbnailKey, avatarKey *bind.Schema
	// cursorQuery checks the cursor of lists whose page and limit are read
	// leniently (pageParams).
	cursorQuery *bind.Schema
	content     contentSchemas
	people      peopleSchemas
}

// videoDetailFields are a video's title and description; lengths are
// checked before trimming, as the reference does.
func videoDetailFields() []*bind.Field {
	return []*bind.Field{
		bind.String("title").Check("min=1", video.MsgTitleRequired).Check("max=100", video.MsgTitleTooLong).Trim(),
		bind.String("description").Optional().MultiLine().Check("max=500", video.MsgDescriptionTooLong).Trim(),
	}
}

func newVideoSchemas(v *validator.Validate, s *schemas) {
	s.videoQuery = bind.NewSchema(v,
		bind.Number("page").Default(1).Between(1, maxPage),
		bind.Number("limit").Default(10).Between(1, video.MaxLimit),
		bind.String("query").Optional().Check("max=500", video.MsgSearchTooLong).Trim(),
		bind.String("sortBy").Optional().Check("oneof=createdAt views duration title",
			`Invalid option: expected one of "createdAt"|"views"|"duration"|"title"`),
		bind.String("sortOrder").Optional().Check("oneof=asc desc", `Invalid option: expected one of "asc"|"desc"`),
		bind.String("userId").Optional().Trim(),
		bind.String("cursor").Optional(),
	)
	s.cursorQuery = bind.NewSchema(v, bind.String("cursor").Optional())
	s.videoDetails = bind.NewSchema(v, videoDetailFields()...)
	s.finalizeVideo = bind.NewSchema(v, append(videoDetailFields(),
		bind.String("videoKey").Check("min=1", "videoKey is required"),
		bind.String("thumbnailKey").Check("min=1", "thumbnailKey is required"),
	)...)
	s.signUpload = bind.NewSchema(v,
		bind.String("kind").Check("oneof=video thumbnail avatar", `Invalid option: expected one of "video"|"thumbnail"|"avatar"`),
		bind.String("contentType").Check("min=1", "contentType is required"),
		// Sizes are whole bytes, and any size a client can mean is exact in
		// a float64 (JavaScript's safe integers).
		bind.Number("size").Int().Between(1, 1<<53-1),
	)
	s.thumbnailKey = bind.NewSchema(v, bind.String("thumbnailKey").Check("min=1", "thumbnailKey is required"))
	s.avatarKey = bind.NewSchema(v, bind.String("profileImageKey").Check("min=1", "profileImageKey is required"))
}

func emailField() *bind.Field {
	// The emptiness check runs before trimming, as the reference's does.
	return bind.String("email").Check("min=1", "Email is required").Trim().Lower().Check("email_syntax", user.MsgInvalidEmail)
}

func usernameField() *bind.Field {
	return bind.String("username").Trim().
		Check("min=1", user.MsgUsernameRequired).
		Check("username_chars", user.MsgUsernameChars).
		Check("max=30", user.MsgUsernameTooLong).
		Lower()
}

func passwordField(name string) *bind.Field {
	return bind.String(name).
		Check("min=6", user.MsgPasswordShort).
		Check("strong_password", user.MsgPasswordWeak)
}

func codeField() *bind.Field {
	return bind.String("code").Check("code6", user.MsgCodeFormat)
}

func newSchemas(v *validator.Validate) schemas {
	s := schemas{
		checkUsername: bind.NewSchema(v, usernameField()),
		register: bind.NewSchema(v,
			bind.String("name").Trim().Check("min=1", user.MsgNameRequired).Check("max=100", user.MsgNameTooLong),
			emailField(),
			usernameField(),
			passwordField("password"),
		),
		verify:    bind.NewSchema(v, emailField(), codeField()),
		emailOnly: bind.NewSchema(v, emailField()),
		login: bind.NewSchema(v,
			bind.String("identifier").Trim().Check("min=1", user.MsgIdentifierMissing).Lower(),
			bind.String("password").Check("min=1", "Password is required"),
		),
		reset: bind.NewSchema(v, codeField(), emailField(), passwordField("newPassword")),
		changePassword: bind.NewSchema(v,
			bind.String("oldPassword").Check("min=1", "Old password is required"),
			passwordField("newPassword"),
		),
	}
	newVideoSchemas(v, &s)
	s.content = newContentSchemas(v)
	s.people = newPeopleSchemas(v)
	return s
}
