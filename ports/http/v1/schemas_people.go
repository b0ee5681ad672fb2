package v1

import (
	"strconv"

	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/app/profiles"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/ports/http/bind"
)

// peopleSchemas are the request checks of the account, follow and search
// routes.
type peopleSchemas struct {
	rename, bio, emailCode, userSearch, followList *bind.Schema
}

func newPeopleSchemas(v *validator.Validate) peopleSchemas {
	return peopleSchemas{
		// updateNameSchema: trimmed first, so "   " is "Name is required".
		rename: bind.NewSchema(v,
			bind.String("name").Trim().Check("min=1", user.MsgNameRequired).Check("max=100", user.MsgNameTooLong)),
		// updateBioSchema: the field is required, "" is allowed; a
		// biography may span lines.
		bio:       bind.NewSchema(v, bind.String("bio").MultiLine().Trim().Check("max=160", user.MsgBioTooLong)),
		emailCode: bind.NewSchema(v, codeField()),
		// The search text is trimmed, then bounded as the core bounds it,
		// so that the answer names the field like every validation error.
		userSearch: bind.NewSchema(v, bind.String("query").Optional().Trim().
			Check("max="+strconv.Itoa(profiles.MaxSearchLen), profiles.ErrSearchTooLong.Message)),
		// Follow lists sort by follow time only: the reference accepts any
		// field name but only createdAt means anything on these items, so
		// other names are refused rather than silently ignored.
		followList: bind.NewSchema(v,
			bind.String("sortBy").Optional().Check("oneof=createdAt", `Invalid option: expected one of "createdAt"`),
			bind.String("sortOrder").Optional().Check("oneof=asc desc", `Invalid option: expected one of "asc"|"desc"`),
		),
	}
}
