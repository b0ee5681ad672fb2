package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// TestFollows checks a follow.Repository. newStore returns fresh, empty
// repositories of one store each time it is called; follows are between
// stored accounts.
func TestFollows(t *testing.T, newStore func(t *testing.T) Social) {
	followID := func(f follow.Follow) id.ID { return f.ID }
	followPos := func(f follow.Follow) list.Position { return list.Position{At: f.CreatedAt, ID: f.ID} }

	t.Run("AddIsUnique", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2)
		f := mustFollow(t, s, 200, u[0], u[1], time.Second)
		again, err := follow.New(testID(201), u[0], u[1], at(time.Minute))
		mustNil(t, err, "follow.New")
		added, err := s.Follows.Add(t.Context(), again)
		if err != nil || added {
			t.Fatalf("Add of a stored pair = %v, %v; want false, nil", added, err)
		}
		p, err := s.Follows.Followers(t.Context(), follow.Query{User: u[1], Window: list.Window{Limit: 10}})
		wantListPage(t, p, err, followID, []int{200}, 1, false, "followers") // the first follow stays
		wantSameFollow(t, p.Items[0], f)

		removed, err := s.Follows.Remove(t.Context(), u[1], u[0])
		if err != nil || removed {
			t.Fatalf("Remove of the reverse pair = %v, %v; want false, nil", removed, err)
		}
		removed, err = s.Follows.Remove(t.Context(), u[0], u[1])
		if err != nil || !removed {
			t.Fatalf("Remove = %v, %v; want true, nil", removed, err)
		}
		removed, err = s.Follows.Remove(t.Context(), u[0], u[1])
		if err != nil || removed {
			t.Fatalf("Remove again = %v, %v; want false, nil", removed, err)
		}
		p, err = s.Follows.Followers(t.Context(), follow.Query{User: u[1], Window: list.Window{Limit: 10}})
		wantListPage(t, p, err, followID, nil, 0, false, "followers after Remove")
		mustFollow(t, s, 202, u[0], u[1], 2*time.Minute) // a new follow of the same pair
	})

	t.Run("OrderAndPages", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2, 3, 4, 5, 6, 7, 8, 9)
		for i, d := range []time.Duration{1, 2, 2, 3, 0, 3, 4} { // 202 and 203, 204 and 206 tie
			mustFollow(t, s, 201+i, u[i+1], u[0], d*time.Second)
		}
		mustFollow(t, s, 210, u[0], u[1], time.Second) // u1 follows u2
		mustFollow(t, s, 211, u[8], u[1], time.Second)
		asc := []int{205, 201, 202, 203, 204, 206, 207}
		desc := slices.Clone(asc)
		slices.Reverse(desc)
		for _, c := range []struct {
			desc  bool
			order []int
		}{{false, asc}, {true, desc}} {
			what := fmt.Sprintf("followers desc=%v", c.desc)
			fetch := func(w list.Window) (list.Page[follow.Follow], error) {
				return s.Follows.Followers(t.Context(), follow.Query{User: u[0], Desc: c.desc, Window: w})
			}
			checkPages(t, c.order, fetch, followID, what)
			got := walkAfter(t, 2, fetch, followPos, func(int) {})
			wantNums(t, nums(t, got, followID), c.order, what+" by position")
		}
		p, err := s.Follows.Following(t.Context(), follow.Query{User: u[0], Window: list.Window{Limit: 10}})
		wantListPage(t, p, err, followID, []int{210}, 1, false, "following of u1")
		p, err = s.Follows.Followers(t.Context(), follow.Query{User: u[1], Desc: true, Window: list.Window{Limit: 10}})
		wantListPage(t, p, err, followID, []int{211, 210}, 2, false, "followers of u2")
		p, err = s.Follows.Following(t.Context(), follow.Query{User: u[1], Window: list.Window{Limit: 10}})
		wantListPage(t, p, err, followID, []int{201}, 1, false, "following of u2")
	})

	t.Run("PositionsWhileFollowing", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2, 3, 4, 5, 6, 7, 8, 9)
		for i := range 6 {
			mustFollow(t, s, 201+i, u[i+1], u[0], time.Duration(i+1)*time.Second)
		}
		fetch := func(w list.Window) (list.Page[follow.Follow], error) {
			return s.Follows.Followers(t.Context(), follow.Query{User: u[0], Desc: true, Window: w})
		}
		got := walkAfter(t, 2, fetch, followPos, func(page int) {
			switch page {
			case 2: // the cursor is (5s, 205)
				mustFollow(t, s, 1001, u[7], u[0], 10*time.Second) // before the cursor: not visited
				mustFollow(t, s, 1002, u[8], u[0], 4*time.Second)  // ties with 204, higher id: visited first
			case 3: // the cursor is (4s, 204)
				if removed, err := s.Follows.Remove(t.Context(), u[3], u[0]); err != nil || !removed {
					t.Fatalf("Remove = %v, %v", removed, err)
				}
			}
		})
		wantNums(t, nums(t, got, followID), []int{206, 205, 1002, 204, 202, 201}, "walk")
	})

	t.Run("CountsAndFollows", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2, 3, 4)
		mustFollow(t, s, 201, u[1], u[0], 0)
		mustFollow(t, s, 202, u[2], u[0], 0)
		mustFollow(t, s, 203, u[0], u[1], 0)
		counts, err := s.Follows.Counts(t.Context(), []id.ID{u[0], u[1], u[3], testID(99)})
		mustNil(t, err, "Counts")
		want := map[id.ID]follow.Counts{u[0]: {Followers: 2, Following: 1}, u[1]: {Followers: 1, Following: 1}, u[3]: {}, testID(99): {}}
		if !mapsEqual(counts, want) {
			t.Fatalf("Counts = %v, want %v", counts, want)
		}
		follows, err := s.Follows.Follows(t.Context(), u[1], []id.ID{u[0], u[2], u[3], testID(99)})
		mustNil(t, err, "Follows")
		if !mapsEqual(follows, map[id.ID]bool{u[0]: true}) {
			t.Fatalf("Follows = %v, want only %s", follows, u[0])
		}
		for _, ids := range [][]id.ID{nil, {}} {
			counts, err := s.Follows.Counts(t.Context(), ids)
			mustNil(t, err, "Counts of none")
			follows, err2 := s.Follows.Follows(t.Context(), u[0], ids)
			mustNil(t, err2, "Follows of none")
			if counts == nil || len(counts) != 0 || follows == nil || len(follows) != 0 {
				t.Fatalf("of none: Counts = %v, Follows = %v; want empty maps", counts, follows)
			}
		}
	})

	t.Run("ConcurrentAddsStoreOne", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2)
		results := race(func(i int) error {
			f, err := follow.New(testID(1000+i), u[0], u[1], at(time.Duration(i)*time.Second))
			if err != nil {
				return err
			}
			added, err := s.Follows.Add(t.Context(), f)
			if err == nil && !added {
				return errNotAdded
			}
			return err
		})
		winner := oneWinner(t, results, errNotAdded)
		p, err := s.Follows.Followers(t.Context(), follow.Query{User: u[1], Window: list.Window{Limit: 100}})
		wantListPage(t, p, err, followID, []int{1000 + winner}, 1, false, "followers")
	})

	t.Run("ConcurrentToggles", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2)
		results := race(func(i int) error {
			if i%2 == 1 {
				_, err := s.Follows.Remove(t.Context(), u[0], u[1])
				return err
			}
			f, err := follow.New(testID(1000+i), u[0], u[1], at(time.Duration(i)*time.Second))
			if err != nil {
				return err
			}
			_, err = s.Follows.Add(t.Context(), f)
			return err
		})
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		counts, err := s.Follows.Counts(t.Context(), []id.ID{u[0], u[1]})
		mustNil(t, err, "Counts")
		follows, err := s.Follows.Follows(t.Context(), u[0], []id.ID{u[1]})
		mustNil(t, err, "Follows")
		n := int64(0)
		if follows[u[1]] {
			n = 1
		}
		if counts[u[1]].Followers != n || counts[u[0]].Following != n {
			t.Fatalf("Counts = %v with Follows = %v", counts, follows)
		}
		p, err := s.Follows.Followers(t.Context(), follow.Query{User: u[1], Window: list.Window{Limit: 100}})
		mustNil(t, err, "Followers")
		if p.Total != int(n) || len(p.Items) != int(n) {
			t.Fatalf("Followers: %d items, total %d; want %d", len(p.Items), p.Total, n)
		}
	})
}

// errNotAdded stands for an Add that reported an existing pair, so that
// oneWinner can count the racers that added.
var errNotAdded = errors.New("not added")

func wantSameFollow(t *testing.T, got, want follow.Follow) {
	t.Helper()
	if got.ID != want.ID || got.Follower != want.Follower || got.Following != want.Following ||
		!got.CreatedAt.Equal(ms(want.CreatedAt)) || got.CreatedAt.Location() != time.UTC {
		t.Fatalf("follow:\n got %+v\nwant %+v in UTC", got, want)
	}
}

// mapsEqual compares two maps, whose values compare with ==.
func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range b {
		if w, ok := a[k]; !ok || w != v {
			return false
		}
	}
	return true
}
