package app

import (
	"context"
	"errors"
	"time"
)

// Deleting something that other aggregates point at runs as steps: remove
// the dependents, then the thing itself. When a dependent arrives between
// the two (a like, a comment, a history entry), the store refuses the
// deletion with an "in use" error and the steps run again. Once the thing
// is hidden or checked away, only requests that found it before can add
// dependents, and those finish within moments.
const (
	deleteTries = 5
	deletePause = 5 * time.Millisecond
)

// DeleteSteps runs removeDependents then remove, and again, after a pause
// that doubles each time, while remove fails with inUse; it gives up after
// a few tries and returns the last error.
func DeleteSteps(ctx context.Context, inUse error, removeDependents, remove func(context.Context) error) error {
	var err error
	pause := deletePause
	for try := range deleteTries {
		if try > 0 {
			select {
			case <-ctx.Done():
				return err
			case <-time.After(pause):
			}
			pause *= 2
		}
		if err = removeDependents(ctx); err != nil {
			return err
		}
		if err = remove(ctx); !errors.Is(err, inUse) {
			return err
		}
	}
	return err
}
