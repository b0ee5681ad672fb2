// Package sqlstore implements the repository ports on SQL databases through
// bun: SQLite (the embedded default, through the pure-Go modernc.org/sqlite
// driver, so CGO_ENABLED=0 builds work) and PostgreSQL (through pgx).
//
// Open picks the database from DATABASE_URL's scheme, Migrate brings the
// schema up to date from SQL files embedded per dialect under migrations/,
// and the accessors return the repositories.
//
// # Times
//
// Every instant is stored in UTC at millisecond precision; the zero time is
// NULL, which is how optional instants (revoked_at, resent_at, rotated_at)
// are absent. PostgreSQL uses timestamptz. SQLite has no time type, so there
// instants are INTEGER Unix milliseconds in STRICT tables: they compare and
// sort as numbers, round-trip exactly, and need no text format that a future
// driver could parse differently. Read them by hand with
// datetime(created_at / 1000, 'unixepoch').
//
// # Lists and search
//
// Every list order is total: the sort column, then the id in the same
// direction, so offset pages never overlap and keyset pages ("after this
// position") stay correct while rows are added. Ids, titles and trash keys
// compare byte-wise in both databases (COLLATE "C" in PostgreSQL, SQLite's
// BINARY), as the in-memory store compares them; so do usernames, which
// order user search. Video, playlist and user search match a search_text
// column that Go lowers on every write, with the needle Go lowers (a LIKE
// pattern Go escapes in PostgreSQL, instr in SQLite), because the
// databases fold case differently (SQLite folds ASCII only) and a needle
// must match literally.
//
// The figures and marks of a page (follow counts, like counts, whether the
// viewer liked or follows each item) are one statement for the whole page,
// whatever its size; a page of videos reads them in its own statement. The
// hot statements are prepared once, and PostgreSQL runs one generic plan
// of each for every value (see planCacheMode), so none of them leaves the planner
// a join it could answer by hashing a whole table: each author is a lookup
// in the users' key, and whether the viewer liked an item a lookup in the
// likes' key.
//
// # Values the database keeps
//
// A few values are kept by triggers in the statement that changes what they
// follow, so that they never disagree with it and a crash cannot leave one
// half-written: video_counts (each owner's videos, all and published, and
// the totals, which give a list its total without counting it), list_counts
// (the comments under each video and post, the posts of each owner and of
// everyone, each user's followers and followings, each owner's playlists and
// published playlists, the entries of each user's watch history they may
// see, and the videos of each member's subscription feed), the mark of the
// public videos that a kept search count was made at
// (video_counts.search_gen, see searchCounts), the followed owner's latest
// and second-latest published videos on each follow (which order a
// member's follows for the feed's pages, and often are its first page,
// see migration feed_seconds; on PostgreSQL an unfollow locks the owner's counts before
// the follow, as a publication does, see migration feed_counts), the like
// count on each video, comment and post row (like_count, which pages read
// with their items; every write of a like takes its item's row first, see
// migration like_counts), the hidden flag of a history entry whose video its
// user may no longer see, the cap of a watch history (video.MaxHistory
// entries, the newest), the views a watch counts (the viewer's window in
// video_views, and videos.views), and in SQLite the FTS5 search tables. None
// of them is a write the core does not ask for: the counts, the flags and
// the search tables are indexes of their tables; the cap and the view are
// part of what History.Watch promises, one unit of work that the memory
// store does in Go and the SQL stores in one statement. Cascades between
// aggregates stay with the core, but for the likes and comments of a comment
// or a post, which go with it (see Errors).
//
// # Errors
//
// Missing rows and unique violations become the domain's sentinels (matched
// with errors.Is). References between aggregates are foreign keys. Those
// to a comment or a post cascade, so that deleting one is one statement
// that takes its likes (and a post's comments with theirs) along and no
// writer can hold it back. Those to a video from other aggregates (likes,
// comments, playlist entries, watch history) do not: deleting a video that
// one still points at is video.ErrInUse (the use case removes them first,
// and retries when one came in between). Writing a reference to a row
// that is gone is the writer's own sentinel (like.ErrTargetGone,
// comment.ErrParentGone, playlist.ErrVideoGone). Any other driver error is
// an errs.Internal error whose cause is for logs only, so no SQL or driver
// text reaches a client.
package sqlstore
