package docstest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const (
	videoID = "65a1b2c3d4e5f60718293a4c"
	ownerID = "65a1b2c3d4e5f60718293a4b"
	owner   = `"owner":{"_id":"` + ownerID + `","username":"ada","name":"Ada","profileImage":"https://ui-avatars.com/api/?name=Ada"}`
	media   = `"videoFile":{"url":"http://localhost:8000/media/videos/` + ownerID + `/` + videoID + `.mp4","public_id":"videos/` + ownerID + `/` + videoID + `.mp4"},` +
		`"thumbnail":{"url":"http://localhost:8000/media/thumbnails/` + ownerID + `/` + videoID + `.jpg","public_id":"thumbnails/` + ownerID + `/` + videoID + `.jpg"}`

	videoCreated = `{"statusCode":201,"message":"Video uploaded successfully","data":{"_id":"` + videoID + `",` + owner +
		`,"title":"Salsa","description":"Basics","views":0,"duration":73.5,"isPublished":false,"createdAt":"2026-01-02T03:04:05.678Z",` + media + `},"success":true}`
	listItem = `{"_id":"` + videoID + `",` + owner + `,"title":"Salsa","views":3,"duration":12,"likesCount":0,"isPublished":true,` +
		`"createdAt":"2026-01-02T03:04:05.678Z",` + media + `}`
	thumbUpdated = `{"statusCode":200,"message":"Video thumbnail updated successfully","data":{"_id":"` + videoID + `",` + owner +
		`,"title":"Salsa","views":3,"duration":12,"isPublished":true,"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:06.000Z",` +
		`"videoFile":{"url":"http://localhost:8000/media/v.mp4"},"thumbnail":{"url":"http://localhost:8000/media/t.jpg"}},"success":true}`
	uploadTarget = `{"statusCode":201,"message":"Upload target created","data":{"key":"videos/` + ownerID + `/` + videoID + `.mp4",` +
		`"url":"http://localhost:8000/uploads/tok","method":"PUT","headers":{"Content-Type":"video/mp4"},"fields":{},"fileField":"",` +
		`"expiresAt":"2026-01-02T04:04:05.000Z"},"success":true}`
)

func page(docs string, prev, next, cursor string) string {
	return `{"statusCode":200,"message":"Videos fetched","data":{"docs":[` + docs + `],"totalDocs":1,"limit":10,"page":1,` +
		`"totalPages":1,"pagingCounter":1,"hasPrevPage":false,"hasNextPage":false,"prevPage":` + prev +
		`,"nextPage":` + next + `,"nextCursor":` + cursor + `},"success":true}`
}

// multipartRequest builds a request as a client sends an upload, so the
// checker sees the body and Content-Type of a real multipart request.
func multipartRequest(t *testing.T, method, path string, files map[string]string, fields map[string]string) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, value := range fields {
		if err := mw.WriteField(name, value); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile(name, name+".bin")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(fw, content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(method, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func jsonRequest(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

func TestValidateVideoRoutes(t *testing.T) {
	c := NewChecker(t)
	upload := func() *http.Request {
		return multipartRequest(t, http.MethodPost, "/api/v1/video",
			map[string]string{"video": "\x00\x00\x00\x18ftypmp42", "thumbnail": "\xff\xd8\xff"},
			map[string]string{"title": "Salsa", "description": "Basics"})
	}
	consumed := upload()
	_, _ = io.Copy(io.Discard, consumed.Body) // as a handler leaves it
	thumb := func() *http.Request {
		return multipartRequest(t, http.MethodPatch, "/api/v1/video/thumbnail/"+videoID, map[string]string{"thumbnail": "\xff\xd8\xff"}, nil)
	}
	avatar := multipartRequest(t, http.MethodPatch, "/api/v1/user/profileimage", map[string]string{"profileImage": "\x89PNG"}, nil)
	tooLarge := `{"success":false,"message":"Video file exceeds 100MB size limit"}`
	list := httptest.NewRequest(http.MethodGet, "/api/v1/video?limit=5&sortBy=views", nil)
	history := httptest.NewRequest(http.MethodGet, "/api/v1/user/history", nil)
	mine := httptest.NewRequest(http.MethodGet, "/api/v1/video/me?cursor=abc", nil)
	mineItem := `{"_id":"` + videoID + `","title":"Salsa","views":3,"duration":12,"likesCount":1,"isPublished":false,` +
		`"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:05.678Z",` + media + `}`
	get := httptest.NewRequest(http.MethodGet, "/api/v1/video/"+videoID, nil)
	detail := `{"statusCode":200,"message":"Video fetched successfully","data":{"_id":"` + videoID + `",` +
		strings.Replace(owner, `}`, `,"followersCount":2,"isFollowed":true}`, 1) +
		`,"title":"Salsa","views":4,"duration":12,"likesCount":1,"isLiked":false,"isPublished":true,"createdAt":"2026-01-02T03:04:05.678Z",` +
		media + `},"success":true}`
	historyItem := `{"_id":"` + videoID + `",` + owner + `,"title":"Salsa","views":3,"duration":12,"createdAt":"2026-01-02T03:04:05.678Z",` + media + `}`
	for _, tc := range []struct {
		name   string
		req    *http.Request
		status int
		body   string
		ok     bool
	}{
		{"multipart upload", upload(), 201, videoCreated, true},
		{"multipart upload, body read", consumed, 201, videoCreated, true},
		{"multipart upload, no owner", upload(), 201, strings.Replace(videoCreated, owner+",", "", 1), true},
		{"multipart upload, no description", upload(), 201, strings.Replace(videoCreated, `"description":"Basics",`, "", 1), true},
		{"multipart upload, too large", upload(), 413, tooLarge, true},
		{"multipart upload, missing file", upload(), 400, `{"success":false,"message":"Video file is required"}`, true},
		{"multipart upload, likesCount", upload(), 201, strings.Replace(videoCreated, `"views":0`, `"views":0,"likesCount":0`, 1), false},
		{"multipart upload, no isPublished", upload(), 201, strings.Replace(videoCreated, `"isPublished":false,`, "", 1), false},
		{"multipart upload, no public_id", upload(), 201, strings.Replace(videoCreated, `,"public_id":"videos/`+ownerID+`/`+videoID+`.mp4"`, "", 1), false},
		{"multipart upload, 502", upload(), 502, `{"success":false,"message":"x"}`, false},
		{"JSON finalize", jsonRequest(http.MethodPost, "/api/v1/video", `{"title":"Salsa","videoKey":"k","thumbnailKey":"t"}`), 201, videoCreated, true},
		{"multipart thumbnail", thumb(), 200, thumbUpdated, true},
		{"multipart thumbnail, forbidden", thumb(), 403, `{"success":false,"message":"You can only update your own videos"}`, true},
		{"multipart thumbnail, too large", thumb(), 413, `{"success":false,"message":"Thumbnail exceeds 5MB size limit"}`, true},
		{"multipart thumbnail, public_id", thumb(), 200, strings.Replace(thumbUpdated, `/t.jpg"}`, `/t.jpg","public_id":"t"}`, 1), false},
		{"multipart profile image", avatar, 200, strings.Replace(loginOK, "User logged in successfully", "User profileImage updated successfully", 1), true},
		{"list", list, 200, page(listItem, "null", "null", `"eyJzIjoidmlld3MifQ"`), true},
		{"list, empty", list, 200, strings.Replace(page("", "null", "null", "null"), `"totalDocs":1`, `"totalDocs":0`, 1), true},
		{"list, next page", list, 200, page(listItem, "null", "2", "null"), true},
		{"list, no nextCursor", list, 200, strings.Replace(page(listItem, "null", "null", "null"), `,"nextCursor":null`, "", 1), false},
		{"list, no prevPage", list, 200, strings.Replace(page(listItem, "null", "null", "null"), `"prevPage":null,`, "", 1), false},
		{"list, no likesCount", list, 200, page(strings.Replace(listItem, `"likesCount":0,`, "", 1), "null", "null", "null"), false},
		{"list, updatedAt", list, 200, page(strings.Replace(listItem, `"likesCount":0,`, `"likesCount":0,"updatedAt":"2026-01-02T03:04:05.678Z",`, 1), "null", "null", "null"), false},
		{"list, bad cursor", list, 400, `{"success":false,"message":"Invalid cursor"}`, true},
		{"mine, by cursor", mine, 200, strings.Replace(page(mineItem, "null", "null", `"abc"`), `"hasPrevPage":false`, `"hasPrevPage":true`, 1), true},
		{"mine, owner", mine, 200, page(strings.Replace(mineItem, `"title"`, owner+`,"title"`, 1), "null", "null", "null"), false},
		{"mine, no updatedAt", mine, 200, page(strings.Replace(mineItem, `"updatedAt":"2026-01-02T03:04:05.678Z",`, "", 1), "null", "null", "null"), false},
		{"detail", get, 200, detail, true},
		{"detail, no owner", get, 200, strings.Replace(detail, strings.Replace(owner, `}`, `,"followersCount":2,"isFollowed":true}`, 1)+",", "", 1), false},
		{"detail, no followersCount", get, 200, strings.Replace(detail, `"followersCount":2,`, "", 1), false},
		{"detail, no isLiked", get, 200, strings.Replace(detail, `"isLiked":false,`, "", 1), false},
		{"detail, bad id", get, 400, `{"success":false,"message":"Invalid ID","errors":[{"field":"videoId","message":"Invalid ID"}]}`, true},
		{"detail, not found", get, 404, `{"success":false,"message":"Video not found"}`, true},
		{"detail, float views", get, 200, strings.Replace(detail, `"views":4`, `"views":4.5`, 1), false},
		{"history", history, 200, page(historyItem, "null", "null", "null"), true},
		{"history, isPublished", history, 200, page(strings.Replace(historyItem, `"views":3`, `"views":3,"isPublished":true`, 1), "null", "null", "null"), false},
		{"upload target", jsonRequest(http.MethodPost, "/api/v1/uploads", `{"kind":"video","contentType":"video/mp4","size":10}`), 201, uploadTarget, true},
		{"upload target, POST with fields", jsonRequest(http.MethodPost, "/api/v1/uploads", `{}`), 201,
			strings.NewReplacer(`"PUT"`, `"POST"`, `"fields":{}`, `"fields":{"api_key":"k","signature":"s"}`, `"fileField":""`, `"fileField":"file"`).Replace(uploadTarget), true},
		{"upload target, no fileField", jsonRequest(http.MethodPost, "/api/v1/uploads", `{}`), 201, strings.Replace(uploadTarget, `"fileField":"",`, "", 1), false},
		{"upload target, PATCH method", jsonRequest(http.MethodPost, "/api/v1/uploads", `{}`), 201, strings.Replace(uploadTarget, `"PUT"`, `"PATCH"`, 1), false},
		{"publish status", httptest.NewRequest(http.MethodPatch, "/api/v1/video/publish-status/"+videoID, nil), 200,
			`{"statusCode":200,"message":"Video is now unpublished","data":{"videoId":"` + videoID + `","isPublished":false},"success":true}`, true},
		{"delete video", httptest.NewRequest(http.MethodDelete, "/api/v1/video/"+videoID, nil), 200,
			`{"statusCode":200,"message":"Video deleted successfully","data":{"deletedVideoId":"` + videoID + `"},"success":true}`, true},
		{"clear history", httptest.NewRequest(http.MethodDelete, "/api/v1/user/history", nil), 200,
			`{"statusCode":200,"message":"Watch history cleared","data":{"removedCount":2},"success":true}`, true},
		{"remove from history", httptest.NewRequest(http.MethodDelete, "/api/v1/user/history/"+videoID, nil), 404,
			`{"success":false,"message":"Video not found in watch history"}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Validate(tc.req, tc.status, jsonHeader(), []byte(tc.body))
			if (err == nil) != tc.ok {
				t.Errorf("Validate = %v, want ok %v", err, tc.ok)
			}
			if err != nil {
				t.Log(err)
			}
		})
	}
}
