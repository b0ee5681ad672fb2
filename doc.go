// Package stagecast is a video-platform backend: accounts, videos with
// media storage, follows, likes, live comments, playlists, community posts
// and creator dashboards, served as two REST surfaces over one core.
//
// The code is a hexagon. domain holds the pure model, app the use cases,
// ports the driving side (HTTP, WebSocket), adapters the driven side
// (stores, storage, mail, broker), and wiring plus cmd put them together.
// architecture_test.go keeps the imports pointing inward.
package stagecast
