package storetest

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/media"
)

// TestTrash checks a media.Trash. newTrash returns an empty trash each time
// it is called.
func TestTrash(t *testing.T, newTrash func(t *testing.T) media.Trash) {
	t.Run("DueInOrder", func(t *testing.T) {
		trash := newTrash(t)
		odd := `videos/a b/ü's "q".mp4`
		mustNil(t, trash.Add(t.Context(), at(0), "b", "a/1", odd), "Add")
		mustNil(t, trash.Add(t.Context(), at(-time.Minute), "z"), "Add earlier")
		mustNil(t, trash.Add(t.Context(), at(time.Millisecond), "later"), "Add later")
		// Keys sort byte-wise: "B" < "_" < "a" < "É".
		mustNil(t, trash.Add(t.Context(), at(-time.Hour), "É", "a", "_", "B"), "Add keys that collations disagree on")
		wantDue(t, trash, at(0), 100, []media.TrashItem{
			item("B", -time.Hour, 0), item("_", -time.Hour, 0), item("a", -time.Hour, 0), item("É", -time.Hour, 0),
			item("z", -time.Minute, 0), item("a/1", 0, 0), item("b", 0, 0), item(odd, 0, 0),
		})
		wantDue(t, trash, at(-time.Minute), 2, []media.TrashItem{item("B", -time.Hour, 0), item("_", -time.Hour, 0)})
		wantDue(t, trash, at(-time.Hour-time.Millisecond), 100, nil)
		wantDue(t, trash, at(0), 0, nil)
		wantDue(t, trash, at(0), -1, nil)
	})

	t.Run("AddKeepsAttempts", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Add(t.Context(), at(0), "k", "other"), "Add")
		mustNil(t, trash.Postpone(t.Context(), "k", at(time.Hour)), "Postpone")
		mustNil(t, trash.Postpone(t.Context(), "k", at(2*time.Hour)), "Postpone again")
		wantDue(t, trash, at(3*time.Hour), 10, []media.TrashItem{item("other", 0, 0), item("k", 2*time.Hour, 2)})
		// A key added again takes the new due time, earlier or later.
		mustNil(t, trash.Add(t.Context(), at(-time.Hour), "k"), "Add again")
		wantDue(t, trash, at(3*time.Hour), 10, []media.TrashItem{item("k", -time.Hour, 2), item("other", 0, 0)})
		mustNil(t, trash.Add(t.Context(), at(time.Hour), "k", "k"), "Add twice in one call")
		wantDue(t, trash, at(3*time.Hour), 10, []media.TrashItem{item("other", 0, 0), item("k", time.Hour, 2)})
	})

	t.Run("EmptyKeysAreSkipped", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Add(t.Context(), at(0), "", "k", ""), "Add")
		mustNil(t, trash.Add(t.Context(), at(0)), "Add nothing")
		wantDue(t, trash, at(0), 10, []media.TrashItem{item("k", 0, 0)})
		mustNil(t, trash.Cancel(t.Context(), at(0), ""), "Cancel empty")
		mustNil(t, trash.Cancel(t.Context(), at(0)), "Cancel nothing")
		claimed, err := trash.Claim(t.Context(), at(0), "")
		mustNil(t, err, "Claim empty")
		if claimed {
			t.Fatal(`Claim("") = true`)
		}
	})

	t.Run("CancelTurnsKeysBackToClaimed", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Add(t.Context(), at(0), "a", "c"), "Add")
		mustNil(t, trash.Postpone(t.Context(), "a", at(time.Minute)), "Postpone")
		mustNil(t, trash.Cancel(t.Context(), at(time.Hour), "a", "missing"), "Cancel")
		wantDue(t, trash, at(2*time.Hour), 10, []media.TrashItem{
			item("c", 0, 0), withState(item("a", time.Hour, 0), media.TrashClaimed, 0),
		})
		mustNil(t, trash.Cancel(t.Context(), at(0)), "Cancel nothing")
	})

	t.Run("ReserveAndClaim", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Reserve(t.Context(), "streamed", at(time.Hour), time.Time{}), "Reserve without grant")
		mustNil(t, trash.Reserve(t.Context(), "direct", at(3*time.Hour), at(2*time.Hour)), "Reserve with grant")
		mustNil(t, trash.Add(t.Context(), at(time.Hour), "doomed"), "Add")
		for key, want := range map[string]bool{"streamed": true, "direct": true, "doomed": false, "never": false} {
			if got, err := trash.Pending(t.Context(), key); err != nil || got != want {
				t.Fatalf("Pending(%s) = %v, %v; want %v", key, got, err, want)
			}
		}
		wantDue(t, trash, at(3*time.Hour), 10, []media.TrashItem{
			withState(item("doomed", time.Hour, 0), media.TrashDelete, 0),
			withState(item("streamed", time.Hour, 0), media.TrashPending, 0),
			withState(item("direct", 3*time.Hour, 0), media.TrashPending, 2*time.Hour),
		})
		// A key that only waits for deletion is not an upload to claim.
		mustClaim(t, trash, "doomed", at(time.Hour), false)
		mustClaim(t, trash, "never", at(time.Hour), false)
		// Claimed keys are due when the claim is to be confirmed, or when
		// their grant lapses if that is later.
		mustClaim(t, trash, "streamed", at(time.Hour), true)
		mustClaim(t, trash, "direct", at(time.Hour), true)
		mustClaim(t, trash, "direct", at(time.Hour), false)
		wantDue(t, trash, at(3*time.Hour), 10, []media.TrashItem{
			withState(item("doomed", time.Hour, 0), media.TrashDelete, 0),
			withState(item("streamed", time.Hour, 0), media.TrashClaimed, 0),
			withState(item("direct", 2*time.Hour, 0), media.TrashClaimed, 2*time.Hour),
		})
		if got, _ := trash.Pending(t.Context(), "direct"); got {
			t.Fatal("a claimed key is still pending")
		}
	})

	t.Run("ClaimAllOrNothing", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Reserve(t.Context(), "video", at(time.Hour), time.Time{}), "Reserve")
		mustNil(t, trash.Reserve(t.Context(), "thumb", at(time.Hour), time.Time{}), "Reserve")
		mustNil(t, trash.Add(t.Context(), at(time.Hour), "doomed"), "Add")
		for _, keys := range [][]string{{"video", "doomed"}, {"video", "missing"}, {}} {
			if ok, err := trash.Claim(t.Context(), at(0), keys...); err != nil || ok {
				t.Fatalf("Claim(%v) = %v, %v; want false", keys, ok, err)
			}
		}
		wantDue(t, trash, at(time.Hour), 10, []media.TrashItem{
			withState(item("doomed", time.Hour, 0), media.TrashDelete, 0),
			withState(item("thumb", time.Hour, 0), media.TrashPending, 0),
			withState(item("video", time.Hour, 0), media.TrashPending, 0),
		})
		if ok, err := trash.Claim(t.Context(), at(0), "video", "thumb", "video"); err != nil || !ok {
			t.Fatalf("Claim both = %v, %v", ok, err)
		}
		wantDue(t, trash, at(time.Hour), 10, []media.TrashItem{
			withState(item("thumb", 0, 0), media.TrashClaimed, 0),
			withState(item("video", 0, 0), media.TrashClaimed, 0),
			withState(item("doomed", time.Hour, 0), media.TrashDelete, 0),
		})
	})

	t.Run("ExpireDoomAndDeleted", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Reserve(t.Context(), "abandoned", at(0), at(-time.Hour)), "Reserve")
		mustNil(t, trash.Reserve(t.Context(), "granted", at(0), at(time.Hour)), "Reserve granted")
		for _, key := range []string{"abandoned", "granted"} {
			if ok, err := trash.Expire(t.Context(), key); err != nil || !ok {
				t.Fatalf("Expire(%s) = %v, %v", key, ok, err)
			}
			if ok, err := trash.Expire(t.Context(), key); err != nil || ok {
				t.Fatalf("Expire(%s) twice = %v, %v", key, ok, err)
			}
			mustClaim(t, trash, key, at(0), false)
		}
		mustNil(t, trash.Reserve(t.Context(), "orphan", at(0), time.Time{}), "Reserve orphan")
		mustClaim(t, trash, "orphan", at(30*time.Minute), true)
		for _, c := range []struct {
			key  string
			due  time.Duration
			want bool
		}{{"orphan", time.Hour, false}, {"granted", 0, false}, {"orphan", 30 * time.Minute, true}, {"orphan", 30 * time.Minute, false}} {
			if ok, err := trash.Doom(t.Context(), c.key, at(c.due)); err != nil || ok != c.want {
				t.Fatalf("Doom(%s, %v) = %v, %v; want %v", c.key, c.due, ok, err, c.want)
			}
		}
		mustNil(t, trash.Postpone(t.Context(), "granted", at(time.Minute)), "Postpone")
		mustNil(t, trash.Deleted(t.Context(), "abandoned", at(0)), "Deleted")
		mustNil(t, trash.Deleted(t.Context(), "orphan", at(0)), "Deleted orphan")
		mustNil(t, trash.Deleted(t.Context(), "granted", at(time.Minute)), "Deleted granted")
		mustNil(t, trash.Deleted(t.Context(), "missing", at(0)), "Deleted missing")
		// The grant could upload the key again: it is deleted once more
		// after the grant lapses.
		wantDue(t, trash, at(2*time.Hour), 10, []media.TrashItem{
			withState(item("granted", time.Hour, 0), media.TrashDelete, time.Hour),
		})
		mustNil(t, trash.Deleted(t.Context(), "granted", at(time.Hour)), "Deleted after the grant")
		wantDue(t, trash, at(2*time.Hour), 10, nil)
	})

	t.Run("DeletedLeavesOtherStatesAlone", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Reserve(t.Context(), "pending", at(time.Hour), time.Time{}), "Reserve")
		mustNil(t, trash.Reserve(t.Context(), "claimed", at(time.Hour), time.Time{}), "Reserve")
		mustClaim(t, trash, "claimed", at(time.Hour), true)
		mustNil(t, trash.Deleted(t.Context(), "pending", at(0)), "Deleted pending")
		mustNil(t, trash.Deleted(t.Context(), "claimed", at(0)), "Deleted claimed")
		wantDue(t, trash, at(time.Hour), 10, []media.TrashItem{
			withState(item("claimed", time.Hour, 0), media.TrashClaimed, 0),
			withState(item("pending", time.Hour, 0), media.TrashPending, 0),
		})
	})

	t.Run("Release", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Reserve(t.Context(), "k", at(2*time.Hour), at(time.Hour)), "Reserve")
		mustNil(t, trash.Reserve(t.Context(), "pending", at(time.Hour), time.Time{}), "Reserve pending")
		mustNil(t, trash.Add(t.Context(), at(time.Hour), "doomed"), "Add")
		mustClaim(t, trash, "k", at(0), true)
		for _, c := range []struct {
			key   string
			state media.TrashState
			due   time.Duration
		}{
			{"k", media.TrashClaimed, 2 * time.Hour}, {"k", media.TrashDelete, time.Hour},
			{"pending", media.TrashClaimed, time.Hour}, {"missing", media.TrashClaimed, time.Hour},
		} {
			if ok, err := trash.Release(t.Context(), c.key, c.state, at(c.due)); err != nil || ok {
				t.Fatalf("Release(%s, %s) = %v, %v; want false", c.key, c.state, ok, err)
			}
		}
		if ok, err := trash.Release(t.Context(), "k", media.TrashClaimed, at(time.Hour)); err != nil || !ok {
			t.Fatalf("Release claimed = %v, %v", ok, err)
		}
		if ok, err := trash.Release(t.Context(), "doomed", media.TrashDelete, at(time.Hour)); err != nil || !ok {
			t.Fatalf("Release doomed = %v, %v", ok, err)
		}
		wantDue(t, trash, at(2*time.Hour), 10, []media.TrashItem{
			withState(item("pending", time.Hour, 0), media.TrashPending, 0),
		})
	})

	t.Run("ConcurrentClaimsOneWins", func(t *testing.T) {
		for _, grant := range []time.Duration{0, time.Hour} {
			trash := newTrash(t)
			grantUntil := time.Time{}
			if grant > 0 {
				grantUntil = at(grant)
			}
			mustNil(t, trash.Reserve(t.Context(), "upload", at(2*time.Hour), grantUntil), "Reserve")
			claimed := make([]bool, racers)
			results := race(func(i int) (err error) {
				claimed[i], err = trash.Claim(t.Context(), at(0), "upload")
				return err
			})
			winners := 0
			for i, err := range results {
				mustNil(t, err, "Claim")
				if claimed[i] {
					winners++
				}
			}
			if winners != 1 {
				t.Fatalf("grant %v: %d racers claimed the key, want 1", grant, winners)
			}
		}
	})

	t.Run("ClaimRacingExpireOneWins", func(t *testing.T) {
		trash := newTrash(t)
		for round := range 10 {
			key := fmt.Sprintf("upload-%d", round)
			mustNil(t, trash.Reserve(t.Context(), key, at(0), time.Time{}), "Reserve")
			var claimed, expired atomic.Int32
			results := race(func(i int) error {
				if i%2 == 0 {
					ok, err := trash.Claim(t.Context(), at(0), key)
					if ok {
						claimed.Add(1)
					}
					return err
				}
				ok, err := trash.Expire(t.Context(), key)
				if ok {
					expired.Add(1)
				}
				return err
			})
			for _, err := range results {
				mustNil(t, err, "Claim or Expire")
			}
			if claimed.Load()+expired.Load() != 1 {
				t.Fatalf("%d claims and %d expiries won, want exactly one in all", claimed.Load(), expired.Load())
			}
		}
	})

	t.Run("PostponeMissingKey", func(t *testing.T) {
		trash := newTrash(t)
		// The key left the trash while its deletion was failing: it stays out.
		mustNil(t, trash.Postpone(t.Context(), "gone", at(0)), "Postpone")
		wantDue(t, trash, at(time.Hour), 10, nil)
	})
}

func mustClaim(t *testing.T, trash media.Trash, key string, now time.Time, want bool) {
	t.Helper()
	got, err := trash.Claim(t.Context(), now, key)
	mustNil(t, err, "Claim "+key)
	if got != want {
		t.Fatalf("Claim(%s) = %v, want %v", key, got, want)
	}
}

// withState sets an item's state and grant (at(grant), none when 0).
func withState(it media.TrashItem, s media.TrashState, grant time.Duration) media.TrashItem {
	it.State = s
	if grant != 0 {
		it.GrantUntil = ms(at(grant))
	}
	return it
}

// item is a trash item due at at(due).
func item(key string, due time.Duration, attempts int) media.TrashItem {
	return media.TrashItem{Key: key, State: media.TrashDelete, DueAt: ms(at(due)), Attempts: attempts}
}

func wantDue(t *testing.T, trash media.Trash, now time.Time, limit int, want []media.TrashItem) {
	t.Helper()
	got, err := trash.Due(t.Context(), now, limit)
	mustNil(t, err, "Due")
	for i := range got {
		if got[i].DueAt.Location() != time.UTC {
			t.Fatalf("Due: %v not in UTC", got[i].DueAt)
		}
		got[i].DueAt = ms(got[i].DueAt)
		if !got[i].GrantUntil.IsZero() {
			got[i].GrantUntil = ms(got[i].GrantUntil)
		}
	}
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("Due(%v, %d):\n got %+v\nwant %+v", now, limit, got, want)
	}
}
