package app

import "github.com/stagecast/stagecast/domain/id"

// Principal is the authenticated caller of a use case.
type Principal struct {
	UserID    id.ID
	SessionID id.ID
}
