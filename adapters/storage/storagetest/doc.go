// Package storagetest is the conformance suite every app.MediaStore
// adapter passes, offline, and the helpers its tests share: a clock, a
// position-stamped byte generator, a reader that fails midway, a client
// that uploads through an app.UploadTarget, and an allocation probe.
//
// An adapter's test calls Run with a function that builds a fresh store
// (on a temporary directory or an httptest fake) for each case:
//
//	storagetest.Run(t, func(t *testing.T) *storagetest.Harness {
//		clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
//		... build the store on clock.Now ...
//		return &storagetest.Harness{Store: s, Now: clock.Now, Advance: clock.Advance}
//	})
package storagetest
