package httpx

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestTransportErrorDropsURL(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://127.0.0.1:1/object/b/videos/user-42/a.mp4", nil)
	_, err := http.DefaultClient.Do(req)
	if err == nil {
		t.Fatal("request succeeded")
	}
	err = TransportError(err)
	if strings.Contains(err.Error(), "user-42") || !errors.Is(err, context.Canceled) {
		t.Fatalf("TransportError = %v", err)
	}
}

func TestClean(t *testing.T) {
	if got := Clean("Invalid key: videos/u/a.mp4", "videos/u/a.mp4", ""); got != "Invalid key: <key>" {
		t.Fatalf("Clean = %q", got)
	}
	if got := Clean(strings.Repeat("x", 500)); len(got) != 203 {
		t.Fatalf("Clean did not bound: %d", len(got))
	}
}
