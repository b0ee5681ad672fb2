package wiring

import (
	"errors"
	"log/slog"

	"github.com/stagecast/stagecast/app/live"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/ports/live/dialect"
	"github.com/stagecast/stagecast/ports/live/native"
	"github.com/stagecast/stagecast/ports/live/socketio"
)

// liveEndpoints are the delivery adapters of live comments: the native
// WebSocket endpoints of each surface and the Socket.IO endpoint.
type liveEndpoints struct {
	v1, classic *native.Endpoint
	sio         *socketio.Server
}

func newLiveEndpoints(cfg config.Config, svc *live.Service, log *slog.Logger) (*liveEndpoints, error) {
	sio, err := socketio.New(socketio.Options{Live: svc, Log: log, CORSOrigins: cfg.HTTP.CORSOrigins})
	if err != nil {
		return nil, err
	}
	endpoint := func(d dialect.Dialect) *native.Endpoint {
		return native.New(native.Options{Live: svc, Dialect: d, Log: log, Origins: cfg.HTTP.CORSOrigins})
	}
	return &liveEndpoints{v1: endpoint(dialect.V1), classic: endpoint(dialect.Classic), sio: sio}, nil
}

// close drops what connections are left once the live core has asked
// them to close, and stops the endpoints' own goroutines.
func (e *liveEndpoints) close() error {
	return errors.Join(e.v1.Close(), e.classic.Close(), e.sio.Close())
}
