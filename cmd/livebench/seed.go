package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// fixture is what the scenarios need of the server's data.
type fixture struct {
	// token is an access token of the member; every connection uses it.
	token   string
	videoID string
}

// mediaFiles are the upload's files, from testdata/media.
type mediaFiles struct {
	video, thumbnail []byte
}

func loadMedia(root string) (mediaFiles, error) {
	var m mediaFiles
	var err error
	if m.video, err = os.ReadFile(filepath.Join(root, "testdata", "media", "moov-first.mp4")); err != nil {
		return m, err
	}
	m.thumbnail, err = os.ReadFile(filepath.Join(root, "testdata", "media", "image.png"))
	return m, err
}

// Account of the bench's member.
const (
	benchUser     = "livebench"
	benchEmail    = "livebench@example.com"
	benchPassword = "Secret123"
)

// seed signs a member up (the code comes from the log mailer's records),
// signs in, uploads a video and publishes it.
func seed(ctx context.Context, srv *server, media mediaFiles) (fixture, error) {
	c := &restClient{ctx: ctx, base: srv.base, http: &http.Client{Timeout: 30 * time.Second}}
	if _, err := c.json("POST", "/api/v1/auth/register", map[string]string{
		"name": "Live Bench", "email": benchEmail, "username": benchUser, "password": benchPassword,
	}, http.StatusCreated); err != nil {
		return fixture{}, err
	}
	code, err := srv.log.code(benchEmail, 10*time.Second)
	if err != nil {
		return fixture{}, err
	}
	if _, err := c.json("POST", "/api/v1/auth/verify-account", map[string]string{"email": benchEmail, "code": code}, http.StatusOK); err != nil {
		return fixture{}, err
	}
	res, err := c.json("POST", "/api/v1/auth/login", map[string]string{"identifier": benchUser, "password": benchPassword}, http.StatusOK)
	if err != nil {
		return fixture{}, err
	}
	var fx fixture
	for _, ck := range res.cookies {
		if ck.Name == "accessToken" {
			fx.token = ck.Value
		}
	}
	if fx.token == "" {
		return fixture{}, fmt.Errorf("login set no accessToken cookie")
	}
	c.token = fx.token

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("title", "Live bench")
	for _, f := range []struct {
		field, name string
		data        []byte
	}{{"video", "moov-first.mp4", media.video}, {"thumbnail", "image.png", media.thumbnail}} {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			return fixture{}, err
		}
		_, _ = w.Write(f.data)
	}
	_ = mw.Close()
	if res, err = c.do("POST", "/api/v1/video", &buf, mw.FormDataContentType(), http.StatusCreated); err != nil {
		return fixture{}, err
	}
	var up struct {
		Data struct {
			ID string `json:"_id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(res.body, &up); err != nil || up.Data.ID == "" {
		return fixture{}, fmt.Errorf("upload answer without an id: %s", res.body)
	}
	fx.videoID = up.Data.ID
	if _, err := c.do("PATCH", "/api/v1/video/publish-status/"+fx.videoID, nil, "", http.StatusOK); err != nil {
		return fixture{}, err
	}
	return fx, nil
}

// restClient calls the REST API, with a Bearer token once it has one.
type restClient struct {
	ctx   context.Context
	base  string
	http  *http.Client
	token string
}

// answer is a REST answer.
type answer struct {
	body    []byte
	cookies []*http.Cookie
}

// json sends v as a JSON body and checks the status.
func (c *restClient) json(method, path string, v any, want int) (answer, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return answer{}, err
	}
	return c.do(method, path, bytes.NewReader(b), "application/json", want)
}

// do sends a request and checks the status.
func (c *restClient) do(method, path string, body io.Reader, contentType string, want int) (answer, error) {
	req, err := http.NewRequestWithContext(c.ctx, method, c.base+path, body)
	if err != nil {
		return answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return answer{}, err
	}
	if res.StatusCode != want {
		return answer{}, fmt.Errorf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, b)
	}
	return answer{body: b, cookies: res.Cookies()}, nil
}
