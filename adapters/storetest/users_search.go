package storetest

import (
	"fmt"
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
