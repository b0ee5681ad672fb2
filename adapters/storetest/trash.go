package storetest

import (
	"reflect"
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
		mustNil(t, trash.Remove(t.Context(), ""), "Remove empty")
		mustNil(t, trash.Remove(t.Context()), "Remove nothing")
		claimed, err := trash.Claim(t.Context(), "")
		mustNil(t, err, "Claim empty")
		if claimed {
			t.Fatal(`Claim("") = true`)
		}
	})

	t.Run("Remove", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Add(t.Context(), at(0), "a", "b", "c"), "Add")
		mustNil(t, trash.Remove(t.Context(), "a", "missing", "c"), "Remove")
		wantDue(t, trash, at(0), 10, []media.TrashItem{item("b", 0, 0)})
		mustNil(t, trash.Remove(t.Context(), "a"), "Remove again")
	})

	t.Run("Claim", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Add(t.Context(), at(time.Hour), "upload", "kept"), "Add")
		for i, want := range []bool{true, false} {
			claimed, err := trash.Claim(t.Context(), "upload")
			mustNil(t, err, "Claim")
			if claimed != want {
				t.Fatalf("Claim %d = %v, want %v", i+1, claimed, want)
			}
		}
		claimed, err := trash.Claim(t.Context(), "never added")
		mustNil(t, err, "Claim missing")
		if claimed {
			t.Fatal("Claim of a missing key = true")
		}
		wantDue(t, trash, at(time.Hour), 10, []media.TrashItem{item("kept", time.Hour, 0)})
	})

	t.Run("ConcurrentClaimsOneWins", func(t *testing.T) {
		trash := newTrash(t)
		mustNil(t, trash.Add(t.Context(), at(0), "upload"), "Add")
		claimed := make([]bool, racers)
		results := race(func(i int) (err error) {
			claimed[i], err = trash.Claim(t.Context(), "upload")
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
			t.Fatalf("%d racers claimed the key, want 1", winners)
		}
	})

	t.Run("PostponeMissingKey", func(t *testing.T) {
		trash := newTrash(t)
		// The key left the trash while its deletion was failing: it stays out.
		mustNil(t, trash.Postpone(t.Context(), "gone", at(0)), "Postpone")
		wantDue(t, trash, at(time.Hour), 10, nil)
	})
}

// item is a trash item due at at(due).
func item(key string, due time.Duration, attempts int) media.TrashItem {
	return media.TrashItem{Key: key, DueAt: ms(at(due)), Attempts: attempts}
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
	}
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("Due(%v, %d):\n got %+v\nwant %+v", now, limit, got, want)
	}
}
