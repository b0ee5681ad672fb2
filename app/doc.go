// Package app holds what the use cases of Stagecast share: the caller
// (Principal), the ports they reach the world through (clock, ids,
// password hashing, tokens, mail, media storage, reading media files), the
// table of accepted media formats, and list cursors. The use cases
// themselves are in one service per area, in the packages below: accounts,
// uploads, videos and profiles. Each service holds only the ports it uses,
// speaks only in domain terms, and knows nothing of HTTP or SQL.
//
// Writes that span aggregates are orchestrated by the services as
// idempotent steps, dependents first, that a retry or a sweeper finishes
// (see package videos for why not a unit of work); no store cascades from
// one aggregate to another on its own. An aggregate's own parts go with it
// in the store: a video's counted views, an account's codes and sessions.
package app
