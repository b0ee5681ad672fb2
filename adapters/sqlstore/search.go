package sqlstore

import (
	"strings"
	"unicode/utf8"
)

// Video, account and playlist search keep the rows whose search_text (Go
// lowered it on write) holds the lowered needle, as a literal substring.
// The LIKE below (instr in SQLite) is what a match is, on every row
// returned; trigram indexes only narrow the rows it has to check
// (migration 20261202000002_search_index):
//
//   - PostgreSQL: a pg_trgm GIN index on search_text serves the LIKE
//     itself, and the planner chooses between it and a scan. A needle
//     shorter than a trigram has a statement of its own, whose LIKE no
//     index serves: a prepared statement may settle on one generic plan
//     for every needle, and the index has nothing to look up for such a
//     needle but would be read whole.
//   - SQLite: an FTS5 trigram table per searched table, which the
//     statement has to name: the row must also be among the index's
//     matches for the needle as one phrase, which is a superset of the
//     rows that hold it.

// trigramRunes is the shortest needle a trigram index can narrow. SQLite's
// trigram tokenizer reads characters (code points), and finds no token in
// a shorter phrase, so that it would match nothing; pg_trgm finds no
// trigram in a shorter pattern. Shorter needles scan.
const trigramRunes = 3

// searchIndex names the SQLite FTS5 table of a searched table and the
// table of keys that maps its rowids to the searched table's ids.
type searchIndex struct{ fts, keys string }

// The search indexes of the searched tables, as the migration names them.
var (
	videosSearch    = searchIndex{fts: "videos_search", keys: "videos_search_keys"}
	usersSearch     = searchIndex{fts: "users_search", keys: "users_search_keys"}
	playlistsSearch = searchIndex{fts: "playlists_search", keys: "playlists_search_keys"}
)

// containsClause is the condition that a row's search_text holds needle,
// as a literal, case-insensitive substring, with its values for the "?"
// placeholders. idCol and textCol are the row's id and search_text
// columns as the statement names them (qualified when it joins); only
// constants reach the SQL, the needle goes in as values. needle must be
// text.Storable.
func containsClause(sqlite bool, ix searchIndex, idCol, textCol, needle string) (string, []any) {
	lowered := strings.ToLower(needle)
	if !sqlite {
		if utf8.RuneCountInString(lowered) < trigramRunes {
			textCol = "(" + textCol + " || '')"
		}
		return textCol + " LIKE ? ESCAPE '" + likeEscape + "'", []any{likeContains(needle)}
	}
	// The same test as the LIKE: both sides are lowered, and instr
	// compares them byte for byte. SQLite ties the plan of a LIKE to the
	// pattern bound (for a prefix optimization that a pattern starting
	// with a wildcard never gets) and prepares the statement again
	// whenever the pattern changes; instr lets one prepared statement
	// serve every needle.
	clause, args := "instr("+textCol+", ?) > 0", []any{lowered}
	if !indexNarrows(sqlite, needle) {
		return clause, args
	}
	clause += " AND " + idCol + " IN (SELECT k.id FROM " + ix.keys + " AS k JOIN " + ix.fts + " ON " + ix.fts + ".rowid = k.key" +
		" WHERE " + ix.fts + " MATCH ?)"
	return clause, append(args, ftsPhrase(lowered))
}

// besideSearch returns col, a filter of a statement that containsClause
// narrows, as that statement should compare it. On SQLite, when the FTS
// index narrows the search, it is "+col", which no index serves: SQLite
// plans without statistics and would rather walk an index of col in the
// list's order (published, created_at, ...) and check every row against
// the index's matches, which reads every published row for a needle that
// few hold. Left without that index, it looks the matches up by id and
// sorts them, which costs what the needle matches.
func besideSearch(sqlite bool, col, needle string) string {
	if indexNarrows(sqlite, needle) {
		return "+" + col
	}
	return col
}

// indexNarrows reports whether containsClause adds the FTS index for
// needle.
func indexNarrows(sqlite bool, needle string) bool {
	return needle != "" && sqlite && utf8.RuneCountInString(strings.ToLower(needle)) >= trigramRunes
}

// indexExact reports whether the FTS index's matches for needle are
// exactly the rows that hold it, so that no match needs checking again.
// The trigram tokenizer keeps every character as it is (case_sensitive 1
// on text lowered before), except that it reads U+FFFE and U+FFFF as
// U+FFFD, as SQLite reads any malformed character, and skips NUL: a
// needle without any of these four matches a row's trigrams, at
// consecutive places, only where the row holds the needle itself.
func indexExact(needle string) bool {
	return !strings.ContainsAny(needle, "\x00\uFFFD\uFFFE\uFFFF")
}

// likeEscape escapes LIKE wildcards. It is not the backslash so that no
// dialect's string-literal rules come into play.
const likeEscape = "!"

// likeContains returns the LIKE pattern matching needle, lowered like
// search_text, as a literal substring: its wildcards and escape character
// are escaped, so "%", "_" and "\" match themselves.
func likeContains(needle string) string {
	r := strings.NewReplacer(likeEscape, likeEscape+likeEscape, "%", likeEscape+"%", "_", likeEscape+"_")
	return "%" + r.Replace(strings.ToLower(needle)) + "%"
}

// ftsPhrase quotes s as one FTS5 phrase: inside double quotes every
// character is text (AND, NEAR, *, parentheses, colons and the like), and
// a double quote is written twice. The trigram tokenizer makes the phrase
// the sequence of s's trigrams, so a row holding s matches it.
func ftsPhrase(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
