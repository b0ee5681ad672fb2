package sqlstore

import (
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/stagecast/stagecast/domain/video"
)

// searchCounts remembers, for the needles searched lately, how many
// published videos hold each one, with the mark of the public videos'
// state the count was made at (video_counts.search_gen, migration
// search_counts) and the published total at that mark. A search's page
// reads the mark with its rows, in one statement: while the mark reads
// the same, the count is exact, and the page needs none of its own,
// which would read every match (searchWindowText). Each server keeps its
// own, and the mark, read from the database, tells each when its counts
// have gone stale. A change to the public videos leaves every kept count
// stale, and each needle is counted again on its next search.
type searchCounts struct {
	cache *lru.Cache[string, searchCount]
}

// searchCount is a needle's count, as searchCounts keeps it.
type searchCount struct {
	// mark is the public videos' mark the count was made at.
	mark int64
	// matches is how many published videos held the needle, and
	// published how many were published, at that mark.
	matches, published int64
}

// Bounds of searchCounts: the needles it keeps, and the longest it keeps,
// in bytes (a longer needle is rare, and matches few videos, which its
// page counts cheaply): less than a megabyte in all.
const (
	maxSearchCounts  = 4096
	maxCountedNeedle = 128
)

// newSearchCounts returns an empty searchCounts.
func newSearchCounts() *searchCounts {
	c, err := lru.New[string, searchCount](maxSearchCounts)
	if err != nil {
		// Only a size below one fails.
		panic(err)
	}
	return &searchCounts{cache: c}
}

// key is the key of the search q among the counts, and whether it has
// one: a search of the public videos alone (published, of every owner),
// whose needle is short enough to keep. Its count does not depend on the
// page's order or position.
func (c *searchCounts) key(q video.Query) (string, bool) {
	if c == nil || q.Search == "" || !q.PublishedOnly || !q.Owner.IsZero() || !q.FollowedBy.IsZero() {
		return "", false
	}
	k := strings.ToLower(q.Search)
	return k, len(k) <= maxCountedNeedle
}

// get returns the count kept for key, whatever its mark.
func (c *searchCounts) get(key string) (searchCount, bool) {
	if c == nil {
		return searchCount{}, false
	}
	return c.cache.Get(key)
}

// at returns the number of matches kept for key when it was counted at
// mark.
func (c *searchCounts) at(key string, mark int64) (int64, bool) {
	n, ok := c.get(key)
	if !ok || n.mark != mark {
		return 0, false
	}
	return n.matches, true
}

// put keeps n as key's count.
func (c *searchCounts) put(key string, n searchCount) {
	if c != nil {
		c.cache.Add(key, n)
	}
}
