package storagetest

import "github.com/stagecast/stagecast/app/apptest"

// Clock is a manual clock shared by a store and the fake it talks to, so
// that a test can make signatures and upload grants expire.
type Clock = apptest.Clock

// NewClock returns a clock stopped at t.
var NewClock = apptest.NewClock
