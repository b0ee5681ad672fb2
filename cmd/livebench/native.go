package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"
)

// nativeKind connects to a native endpoint: JSON frames
// {"event","data","ack"?} over a WebSocket, the token in an
// Authorization header.
type nativeKind struct {
	url  string
	path string
}

func (k nativeKind) name() string  { return "native" }
func (k nativeKind) label() string { return k.path }

func (k nativeKind) dial(ctx context.Context, token string) (liveConn, error) {
	ws, err := dialWS(ctx, k.url, http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		return nil, err
	}
	return &nativeConn{wsConn: wsConn{ws: ws}}, nil
}

// nativeConn is a connection to a native endpoint.
type nativeConn struct {
	wsConn
	// out is the send buffer; send is called from one goroutine.
	out []byte
}

// Acknowledgement ids of the bench's frames.
const (
	ackJoin = "j"
	ackSend = "s"
)

func (c *nativeConn) join(videoID string, timeout time.Duration) error {
	if err := c.write([]byte(`{"event":"join_video","ack":"` + ackJoin + `","data":"` + videoID + `"}`)); err != nil {
		return err
	}
	return c.readUntil(timeout, func(msg []byte) (bool, error) {
		if string(stringField(msg, "ack")) != ackJoin {
			return false, nil
		}
		if ev := stringField(msg, "event"); string(ev) != "ack" {
			return true, fmt.Errorf("join_video: %s %s", ev, stringField(msg, "message"))
		}
		return true, nil
	}, nil)
}

func (c *nativeConn) send(videoID string, content []byte) error {
	b := append(c.out[:0], `{"event":"send_comment","ack":"`+ackSend+`","data":{"videoId":"`...)
	b = append(b, videoID...)
	b = append(b, `","content":"`...)
	b = append(b, content...)
	b = append(b, `"}}`...)
	c.out = b
	return c.write(b)
}

// Prefixes of the frames run looks at; the server writes "event" first.
var (
	nativeNewComment = []byte(`{"event":"new_comment"`)
	nativeAck        = []byte(`{"event":"ack","ack":"` + ackSend + `"`)
	nativeError      = []byte(`{"event":"error"`)
)

func (c *nativeConn) run(h handler) error {
	for {
		msg, err := c.read()
		if err != nil {
			return err
		}
		at := time.Now()
		switch {
		case bytes.HasPrefix(msg, nativeNewComment):
			if h.comment != nil {
				h.comment(stringField(msg, "content"), at)
			}
		case bytes.HasPrefix(msg, nativeAck):
			if h.ack != nil {
				h.ack(stringField(msg, "content"), nil, at)
			}
		case bytes.HasPrefix(msg, nativeError):
			if h.ack != nil {
				refusal := stringField(msg, "message")
				if refusal == nil {
					refusal = []byte("error frame")
				}
				h.ack(nil, refusal, at)
			}
		}
	}
}
