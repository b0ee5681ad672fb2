package memory_test

import (
	"testing"

	"github.com/stagecast/stagecast/adapters/memory"
	"github.com/stagecast/stagecast/adapters/storetest"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

func TestUsers(t *testing.T) {
	storetest.TestUsers(t, func(*testing.T) user.Repository { return memory.NewUsers() })
}

func TestCodes(t *testing.T) {
	storetest.TestCodes(t, func(*testing.T) (user.Repository, user.Codes) {
		s := memory.New()
		return s.Users(), s.Codes()
	})
}

func TestSessions(t *testing.T) {
	storetest.TestSessions(t, func(*testing.T) (user.Repository, session.Repository) {
		s := memory.New()
		return s.Users(), s.Sessions()
	})
}
