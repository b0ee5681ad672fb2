package main

import (
	"context"
	"fmt"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// fixture is what the scenarios need of the server's data.
type fixture struct {
	// token is an access token of the member; every connection uses it.
	token   string
	videoID string
}

// benchAccount is the bench's member.
var benchAccount = benchkit.Account{
	Name: "Live Bench", Email: "livebench@example.com", Username: "livebench", Password: "Secret123",
}

// seed signs a member up (the code comes from the log mailer's records),
// signs in, uploads a video and publishes it.
func seed(ctx context.Context, srv *benchkit.Server, media benchkit.Media) (fixture, error) {
	c := benchkit.NewClient(srv.Base, 1)
	s, err := c.SignUp(ctx, srv.Log, benchAccount)
	if err != nil {
		return fixture{}, err
	}
	id, err := c.UploadVideo(ctx, s.AccessToken, media, "Live bench", "")
	if err != nil {
		return fixture{}, err
	}
	if err := c.TogglePublish(ctx, s.AccessToken, id); err != nil {
		return fixture{}, fmt.Errorf("publishing: %w", err)
	}
	return fixture{token: s.AccessToken, videoID: id}, nil
}
