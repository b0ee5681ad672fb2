package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// TestUserSearch checks user.Repository.Search. newStore returns fresh,
// empty repositories of one store each time it is called.
func TestUserSearch(t *testing.T, newStore func(t *testing.T) Social) {
	// The usernames order the same byte-wise and in any collation.
	accounts := []struct {
		n        int
		username string
		name     string
		verified bool
	}{
		{1, "alice", "Alice Liddell", true},
		{2, "bob_smith", "Bob (the builder)", true},
		{3, "carol", "100% Carol", true},
		{4, "dave", "Dave", false},
		{5, "eve99", "Élodie Ève", true},
		{6, "zed", "ALICE fan", true},
		{7, "mallory", "dave", true},
		{8, "alicia", "Alice Unverified", false},
	}
	setup := func(t *testing.T) Social {
		s := newStore(t)
		for _, a := range accounts {
			st := newUser(t, a.n).Stored()
			st.Username, st.Name, st.Verified = user.Username(a.username), a.name, a.verified
			mustNil(t, s.Users.Create(t.Context(), user.FromStored(st)), "Create "+a.username)
		}
		return s
	}
	search := func(t *testing.T, s Social, text string, w list.Window, want []int) {
		t.Helper()
		what := fmt.Sprintf("search %q page %d limit %d", text, w.Page, w.Limit)
		got, err := s.Users.Search(t.Context(), text, w)
		mustNil(t, err, what)
		wantNums(t, nums(t, got, (*user.User).ID), want, what)
	}

	t.Run("VerifiedLiteralCaseInsensitive", func(t *testing.T) {
		t.Parallel()
		s := setup(t)
		all := list.Window{Limit: 100}
		for _, c := range []struct {
			text string
			want []int
		}{
			{"", []int{1, 2, 3, 5, 7, 6}},
			{"ALICE", []int{1, 6}}, // username and name; alicia is not verified
			{"alic", []int{1, 6}},
			{"(", []int{2}},
			{"%", []int{3}},
			{"_", []int{2}},
			{"b_s", []int{2}},
			{"b%", nil},
			{"a.i", nil},
			{"élodie", []int{5}},
			{"ÈVE", []int{5}},
			{"EVE", []int{5}}, // the username
			{"dave", []int{7}},
			{"nobody", nil},
			{"a\x00", nil},
		} {
			search(t, s, c.text, all, c.want)
		}
		got, err := s.Users.Search(t.Context(), "liddell", all)
		mustNil(t, err, "Search")
		want, err := s.Users.ByID(t.Context(), testID(1))
		mustNil(t, err, "ByID")
		if len(got) != 1 {
			t.Fatalf("Search liddell = %d accounts", len(got))
		}
		wantSameUser(t, got[0], want, "a found account")
	})

	// Names and usernames of the search corpus, the second text as the
	// username; accounts 5, 10 and 15 are not verified.
	t.Run("SearchCorpus", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		for n := 1; n < len(searchCorpus); n++ {
			st := newUser(t, n).Stored()
			st.Name, st.Username, st.Verified = searchCorpus[n].first, user.Username(searchCorpus[n].second), n%5 != 0
			mustNil(t, s.Users.Create(t.Context(), user.FromStored(st)), fmt.Sprintf("Create %d", n))
		}
		for _, c := range searchCorpusCases {
			var want []int
			for _, n := range c.want {
				if n%5 != 0 {
					want = append(want, n)
				}
			}
			slices.SortFunc(want, func(a, b int) int { return strings.Compare(searchCorpus[a].second, searchCorpus[b].second) })
			search(t, s, c.needle, list.Window{Limit: 100}, want)
			for i := range want {
				search(t, s, c.needle, list.Window{Limit: 1, Page: i + 1}, want[i:i+1])
			}
			search(t, s, c.needle, list.Window{Limit: 1, Page: len(want) + 1}, nil)
		}
	})

	t.Run("SearchFollowsWrites", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		st := newUser(t, 1).Stored()
		st.Name, st.Username, st.Verified = "Alpha Bravo", "charlie_one", true
		u := user.FromStored(st)
		mustNil(t, s.Users.Create(t.Context(), u), "Create")
		other := newUser(t, 2).Stored()
		other.Name, other.Username, other.Verified = "Other", "alpha_two", true
		mustNil(t, s.Users.Create(t.Context(), user.FromStored(other)), "Create")
		all := list.Window{Limit: 10}
		search(t, s, "alpha", all, []int{2, 1})
		search(t, s, "bravo", all, []int{1})
		search(t, s, "charlie", all, []int{1})

		st.Name = "Delta Echo"
		mustNil(t, putUser(t.Context(), s.Users, user.FromStored(st)), "rename")
		search(t, s, "bravo", all, nil)
		search(t, s, "alpha", all, []int{2})
		search(t, s, "delta", all, []int{1})
		search(t, s, "charlie", all, []int{1})

		st.Username = "foxtrot_one"
		mustNil(t, putUser(t.Context(), s.Users, user.FromStored(st)), "change the username")
		search(t, s, "charlie", all, nil)
		search(t, s, "foxtrot", all, []int{1})
		search(t, s, "_one", all, []int{1})

		// A write that leaves the text as it was keeps the account found,
		// as long as it is verified.
		st.Bio = ptr("a new bio that search does not read")
		mustNil(t, putUser(t.Context(), s.Users, user.FromStored(st)), "change the bio")
		search(t, s, "delta", all, []int{1})
		search(t, s, "bio", all, nil)
		st.Verified = false
		mustNil(t, putUser(t.Context(), s.Users, user.FromStored(st)), "unverify")
		search(t, s, "delta", all, nil)
	})

	t.Run("Pages", func(t *testing.T) {
		t.Parallel()
		s := setup(t)
		search(t, s, "", list.Window{Limit: 2, Page: 1}, []int{1, 2})
		search(t, s, "", list.Window{Limit: 2, Page: 2}, []int{3, 5})
		search(t, s, "", list.Window{Limit: 2, Page: 3}, []int{7, 6})
		search(t, s, "", list.Window{Limit: 2, Page: 4}, nil)
		search(t, s, "", list.Window{Limit: 0, Page: 0}, []int{1})
		search(t, s, "", list.Window{Limit: 4, Page: -1}, []int{1, 2, 3, 5})
		search(t, s, "a", list.Window{Limit: 2, Page: 2}, []int{7, 6}) // alice, carol, mallory, zed
		search(t, s, "", list.Window{Limit: 1000, Page: 1}, []int{1, 2, 3, 5, 7, 6})
	})
}
