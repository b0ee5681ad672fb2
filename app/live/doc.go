// Package live holds the live-comment core: rooms of viewers per video,
// their counts, and the events that reach them when a comment under the
// video is written, edited or deleted, wherever it was written.
//
// The core knows nothing of frames, dialects or transports. A delivery
// adapter (a WebSocket or Socket.IO endpoint) opens a Conn for each
// connection with Service.Connect, hands it what the client asks for
// (Join, Leave, Send) and receives events through its Viewer. Every limit
// of a connection (rooms, comment rate, catch-up) lives here, so that each
// endpoint obeys the same ones.
//
// Events travel through a Broker: inside the process, or across instances.
// A comment is stored before its event is published (comments.Events), so
// that a client which missed events while away catches up from the store
// by joining again with the id of the last comment it saw.
package live
