// Package live holds the delivery adapters of live comments (live.md):
// the native WebSocket endpoints in native, the Socket.IO endpoint in
// socketio, and the JSON shapes of each surface in dialect. All of them
// run over the one live core, app/live.
package live
