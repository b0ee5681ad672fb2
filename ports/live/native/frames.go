package native

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"github.com/olahol/melody"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/live/dialect"
	"github.com/stagecast/stagecast/ports/live/inbound"
)

// Refusals of frames the core never sees.
var (
	errNotJSON = errs.New(errs.Invalid, "Invalid frame: expected a JSON object with event and data")
	errBinary  = errs.New(errs.Invalid, "Invalid frame: expected a JSON text frame")
	errBadAck  = errs.New(errs.Invalid, "Invalid ack: expected a string or a number")
)

// inFrame is a client's frame.
type inFrame struct {
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
	Ack   json.RawMessage `json:"ack"`
}

// outFrame is a server's frame.
type outFrame struct {
	Event string          `json:"event"`
	Ack   json.RawMessage `json:"ack,omitempty"`
	Data  any             `json:"data"`
}

// message handles one client frame. A connection's frames are handled one
// after the other, which paces a client to the speed of its answers.
func (e *Endpoint) message(s *melody.Session, msg []byte) {
	var f inFrame
	if err := json.Unmarshal(msg, &f); err != nil || f.Event == "" {
		e.refuse(s, nil, errNotJSON)
		return
	}
	if len(f.Ack) > 0 && (f.Ack[0] != '"' && (f.Ack[0] < '0' || f.Ack[0] > '9') && f.Ack[0] != '-') {
		e.refuse(s, nil, errBadAck)
		return
	}
	v := viewerOf(s)
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	result, err := inbound.Handle(ctx, e.dialect, v.conn, f.Event, f.Data)
	if err != nil {
		e.refuse(s, f.Ack, err)
		return
	}
	if len(f.Ack) > 0 {
		v.write(e.encode(outFrame{Event: "ack", Ack: f.Ack, Data: result}))
	}
}

// refuse answers a frame with an error frame; the connection stays open.
func (e *Endpoint) refuse(s *melody.Session, ack json.RawMessage, err error) {
	if inbound.Failed(err) {
		e.log.Error("live: request failed", "err", err)
	}
	v := viewerOf(s)
	v.write(e.encode(outFrame{Event: "error", Ack: ack, Data: dialect.ProblemOf(err)}))
	if errors.Is(err, live.ErrSessionEnded) {
		v.conn.End(live.EndRevoked) // after the answer
	}
}

// eventFrame is the frame of a room's event. Every member of the room gets
// the same frame, so the last one is kept rather than encoded again.
func (e *Endpoint) eventFrame(ev live.Event) []byte {
	e.lastMu.Lock()
	defer e.lastMu.Unlock()
	if e.frame != nil && ev == e.last {
		return e.frame
	}
	e.last, e.frame = ev, e.encode(outFrame{Event: string(ev.Kind), Data: e.dialect.Data(ev)})
	return e.frame
}

// encode writes a frame as JSON without escaping HTML, as the REST
// answers do.
func (e *Endpoint) encode(f outFrame) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		e.log.Error("live: encoding a frame", "err", err)
		return []byte(`{"event":"error","data":{"message":"Internal server error"}}`)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
