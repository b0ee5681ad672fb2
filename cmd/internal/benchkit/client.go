package benchkit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"
)

// Client calls a server's REST API; it is safe for concurrent use, each
// call naming the access token it sends (none when empty).
type Client struct {
	// Base is the server's address, http://host:port.
	Base string
	HTTP *http.Client
}

// NewClient is a client that keeps up to conns connections to the server
// open, so that parallel seeding workers do not open one per request.
func NewClient(base string, conns int) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns
	return &Client{Base: base, HTTP: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// Answer is a REST answer.
type Answer struct {
	Body    []byte
	Cookies []*http.Cookie
}

// JSON sends v as a JSON body and checks the status.
func (c *Client) JSON(ctx context.Context, method, path, token string, v any, want int) (Answer, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return Answer{}, err
	}
	return c.Do(ctx, method, path, token, bytes.NewReader(b), "application/json", want)
}

// Do sends a request and checks the status.
func (c *Client) Do(ctx context.Context, method, path, token string, body io.Reader, contentType string, want int) (Answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, body)
	if err != nil {
		return Answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return Answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return Answer{}, err
	}
	if res.StatusCode != want {
		return Answer{}, fmt.Errorf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, b)
	}
	return Answer{Body: b, Cookies: res.Cookies()}, nil
}

// Data decodes the data of an answer's envelope into v.
func (a Answer) Data(v any) error {
	env := struct {
		Data any `json:"data"`
	}{Data: v}
	if err := json.Unmarshal(a.Body, &env); err != nil {
		return fmt.Errorf("decoding %.200s: %w", a.Body, err)
	}
	return nil
}

// ID is the "_id" of an answer's data; an error when there is none.
func (a Answer) ID() (string, error) {
	var d struct {
		ID string `json:"_id"`
	}
	if err := a.Data(&d); err != nil {
		return "", err
	}
	if d.ID == "" {
		return "", fmt.Errorf("answer without an id: %.200s", a.Body)
	}
	return d.ID, nil
}

// Account is a member to sign up.
type Account struct {
	Name, Email, Username, Password string
}

// Session is a signed-in member.
type Session struct {
	UserID       string
	AccessToken  string
	RefreshToken string
}

// SignUp registers a member, verifies the address with the code the log
// mailer wrote to log, and signs in.
func (c *Client) SignUp(ctx context.Context, log *LogSink, a Account) (Session, error) {
	if _, err := c.JSON(ctx, "POST", "/api/v1/auth/register", "", map[string]string{
		"name": a.Name, "email": a.Email, "username": a.Username, "password": a.Password,
	}, http.StatusCreated); err != nil {
		return Session{}, err
	}
	code, err := log.Code(a.Email, 30*time.Second)
	if err != nil {
		return Session{}, err
	}
	if _, err := c.JSON(ctx, "POST", "/api/v1/auth/verify-account", "", map[string]string{"email": a.Email, "code": code}, http.StatusOK); err != nil {
		return Session{}, err
	}
	return c.Login(ctx, a.Username, a.Password)
}

// Login signs a member in.
func (c *Client) Login(ctx context.Context, identifier, password string) (Session, error) {
	res, err := c.JSON(ctx, "POST", "/api/v1/auth/login", "", map[string]string{"identifier": identifier, "password": password}, http.StatusOK)
	if err != nil {
		return Session{}, err
	}
	s := sessionOf(res)
	if s.UserID, err = res.ID(); err != nil {
		return Session{}, err
	}
	if s.AccessToken == "" || s.RefreshToken == "" {
		return Session{}, errors.New("login set no accessToken or refreshToken cookie")
	}
	return s, nil
}

// Refresh trades a session's refresh token for new tokens; the old
// refresh token is spent.
func (c *Client) Refresh(ctx context.Context, s Session) (Session, error) {
	res, err := c.Do(ctx, "POST", "/api/v1/auth/refresh-token", s.RefreshToken, nil, "", http.StatusOK)
	if err != nil {
		return s, err
	}
	n := sessionOf(res)
	if n.AccessToken == "" || n.RefreshToken == "" {
		return s, errors.New("refresh set no accessToken or refreshToken cookie")
	}
	n.UserID = s.UserID
	return n, nil
}

// sessionOf reads the tokens of an answer's cookies.
func sessionOf(a Answer) Session {
	var s Session
	for _, ck := range a.Cookies {
		switch ck.Name {
		case "accessToken":
			s.AccessToken = ck.Value
		case "refreshToken":
			s.RefreshToken = ck.Value
		}
	}
	return s
}

// UploadVideo uploads a video as one multipart request, as the web
// frontend does, and returns its id. The video starts unpublished.
func (c *Client) UploadVideo(ctx context.Context, token string, m Media, title, description string) (string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("title", title)
	if description != "" {
		_ = mw.WriteField("description", description)
	}
	for _, f := range []struct {
		field, name string
		data        []byte
	}{{"video", "clip.mp4", m.Video}, {"thumbnail", "thumb.png", m.Thumbnail}} {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			return "", err
		}
		_, _ = w.Write(f.data)
	}
	_ = mw.Close()
	res, err := c.Do(ctx, "POST", "/api/v1/video", token, &buf, mw.FormDataContentType(), http.StatusCreated)
	if err != nil {
		return "", err
	}
	return res.ID()
}

// TogglePublish flips a video's publish state.
func (c *Client) TogglePublish(ctx context.Context, token, videoID string) error {
	_, err := c.Do(ctx, "PATCH", "/api/v1/video/publish-status/"+videoID, token, nil, "", http.StatusOK)
	return err
}
