package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
)

// socketIOKind connects to the Socket.IO endpoint as socket.io-client
// does with transports: ["websocket"]: Engine.IO v4 straight over a
// WebSocket, one Engine.IO packet a message, Socket.IO v4 packets on the
// default namespace, the token in the CONNECT packet's auth.
//
// It speaks the few packets it needs itself, over the WebSocket library of
// the native client, rather than through a Socket.IO client library:
// github.com/zishang520/socket.io/clients/socket/v3 runs two goroutines
// per socket and decodes every event into maps. In a trial on two cores,
// ten thousand of its sockets took 37 s to connect (two timed out) and
// 580 MB of the bench's memory, and it spent about 27 µs of CPU per event
// received against about 15 µs here: CPU the server, sharing the cores,
// would not get.
type socketIOKind struct {
	url string
}

func (k socketIOKind) name() string  { return "socket.io" }
func (k socketIOKind) label() string { return "/socket.io/, Engine.IO v4 over WebSocket" }

// Engine.IO and Socket.IO packets the bench reads and writes.
var (
	eioPing = []byte("2")
	eioPong = []byte("3")
	// sioConnected is the answer to CONNECT; sioConnectError its refusal.
	sioConnected    = []byte("40")
	sioConnectError = []byte("44")
	sioDisconnect   = []byte("41")
	sioNewComment   = []byte(`42["new_comment",`)
	// Acknowledgement ids: 0 for join_video, 1 for every send_comment.
	sioJoinAck = []byte("430[")
	sioSendAck = []byte("431[")
)

// errDisconnected is a Socket.IO DISCONNECT from the server.
var errDisconnected = errors.New("socket.io: disconnected by the server")

func (k socketIOKind) dial(ctx context.Context, token string) (liveConn, error) {
	ws, err := dialWS(ctx, k.url, nil)
	if err != nil {
		return nil, err
	}
	c := &sioConn{wsConn: wsConn{ws: ws}}
	if err := c.handshake(token); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

// sioConn is a Socket.IO socket over an Engine.IO WebSocket.
type sioConn struct {
	wsConn
	out []byte
}

// handshakeTimeout bounds the Engine.IO open and the Socket.IO connect.
const handshakeTimeout = 30 * time.Second

// handshake reads the Engine.IO open packet and connects to the default
// namespace with the token.
func (c *sioConn) handshake(token string) error {
	err := c.readUntil(handshakeTimeout, func(msg []byte) (bool, error) {
		if len(msg) == 0 || msg[0] != '0' {
			return true, fmt.Errorf("engine.io: expected the open packet, got %.60q", msg)
		}
		return true, nil
	}, nil)
	if err != nil {
		return err
	}
	if err := c.write([]byte(`40{"token":"` + token + `"}`)); err != nil {
		return err
	}
	return c.readUntil(handshakeTimeout, func(msg []byte) (bool, error) {
		switch {
		case bytes.HasPrefix(msg, sioConnected):
			return true, nil
		case bytes.HasPrefix(msg, sioConnectError):
			return true, fmt.Errorf("socket.io connect_error: %s", stringField(msg, "message"))
		}
		return false, nil
	}, c.control)
}

// control answers the Engine.IO ping and turns a Socket.IO DISCONNECT
// into an error.
func (c *sioConn) control(msg []byte) error {
	switch {
	case bytes.Equal(msg, eioPing):
		return c.write(eioPong)
	case bytes.HasPrefix(msg, sioDisconnect):
		return errDisconnected
	}
	return nil
}

func (c *sioConn) join(videoID string, timeout time.Duration) error {
	if err := c.write([]byte(`420["join_video","` + videoID + `"]`)); err != nil {
		return err
	}
	return c.readUntil(timeout, func(msg []byte) (bool, error) {
		if !bytes.HasPrefix(msg, sioJoinAck) {
			return false, nil
		}
		if e := stringField(msg, "error"); e != nil {
			return true, fmt.Errorf("join_video: %s", e)
		}
		return true, nil
	}, c.control)
}

func (c *sioConn) send(videoID string, content []byte) error {
	b := append(c.out[:0], `421["send_comment",{"videoId":"`...)
	b = append(b, videoID...)
	b = append(b, `","content":"`...)
	b = append(b, content...)
	b = append(b, `"}]`...)
	c.out = b
	return c.write(b)
}

func (c *sioConn) run(h handler) error {
	for {
		msg, err := c.read()
		if err != nil {
			return err
		}
		at := time.Now()
		switch {
		case bytes.HasPrefix(msg, sioNewComment):
			if h.comment != nil {
				h.comment(stringField(msg, "content"), at)
			}
		case bytes.HasPrefix(msg, sioSendAck):
			if h.ack != nil {
				if e := stringField(msg, "error"); e != nil {
					h.ack(nil, e, at)
				} else {
					h.ack(stringField(msg, "content"), nil, at)
				}
			}
		default:
			if err := c.control(msg); err != nil {
				return err
			}
		}
	}
}
