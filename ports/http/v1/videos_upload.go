package v1

import (
	"io"
	"mime"
	"net/http"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/http/bind"
	"github.com/stagecast/stagecast/ports/http/web"
)

// formSlack is what a multipart body may carry besides its files: part
// headers, boundaries and text fields.
const formSlack = 1 << 20

// isJSON reports whether the request body is JSON.
func isJSON(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/json"
}

// uploadVideo creates a video from a multipart upload (files streamed part
// by part into storage) or, with a JSON body, from two direct uploads.
func (h *handler) uploadVideo(w http.ResponseWriter, r *http.Request) {
	p := callerOf(r.Context()).principal
	if isJSON(r) {
		h.finalizeVideo(w, r, p)
		return
	}
	if !isMultipart(r) {
		// No form at all: the details check names what is missing.
		_, err := h.schemas.videoDetails.Parse(bind.Input{})
		web.Error(w, r, h.log, err)
		return
	}
	maxVideo, maxImage := h.uploads.Limits()
	var file, thumb *uploads.StoredMedia
	store := func(k uploads.MediaKind, into **uploads.StoredMedia) fileHandler {
		return func(part io.Reader) error {
			m, err := h.uploads.StoreUpload(r.Context(), p, k, part)
			if err == nil {
				*into = &m
			}
			return err
		}
	}
	fields, err := streamForm(w, r, maxVideo+maxImage+formSlack, uploadPace(), map[string]fileHandler{
		"video": store(uploads.KindVideo, &file), "thumbnail": store(uploads.KindThumbnail, &thumb),
	})
	fail := func(err error) {
		h.uploads.LetGo(r.Context(), stored(file, thumb)...)
		web.Error(w, r, h.log, err)
	}
	if err != nil {
		fail(err)
		return
	}
	in, err := h.schemas.videoDetails.Parse(bind.Fields(fields))
	switch {
	case err != nil:
		fail(err)
		return
	case file == nil:
		fail(errs.New(errs.Invalid, "Video file is required"))
		return
	case thumb == nil:
		fail(errs.New(errs.Invalid, "Thumbnail file is required"))
		return
	}
	v, err := h.videos.CreateVideo(r.Context(), p, videos.CreateVideoInput{
		Title: in.Str("title"), Description: in.StrPtr("description"), Video: *file, Thumbnail: *thumb,
	})
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusCreated, "Video uploaded successfully", toVideo(v, shapeCreated))
}

func stored(items ...*uploads.StoredMedia) []uploads.StoredMedia {
	var out []uploads.StoredMedia
	for _, it := range items {
		if it != nil {
			out = append(out, *it)
		}
	}
	return out
}

func (h *handler) finalizeVideo(w http.ResponseWriter, r *http.Request, p app.Principal) {
	in, ok := h.parse(w, r, h.schemas.finalizeVideo)
	if !ok {
		return
	}
	v, err := h.videos.FinalizeVideo(r.Context(), p, videos.FinalizeVideoInput{
		Title: in.Str("title"), Description: in.StrPtr("description"),
		VideoKey: in.Str("videoKey"), ThumbnailKey: in.Str("thumbnailKey"),
	})
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusCreated, "Video uploaded successfully", toVideo(v, shapeCreated))
}

// updateThumbnail replaces a video's thumbnail with a streamed file or,
// with a JSON body {thumbnailKey}, with a direct upload.
func (h *handler) updateThumbnail(w http.ResponseWriter, r *http.Request) {
	vid, ok := h.pathID(w, r, "videoId")
	if !ok {
		return
	}
	p := callerOf(r.Context()).principal
	var (
		v   videos.VideoView
		err error
	)
	if isJSON(r) {
		in, ok := h.parse(w, r, h.schemas.thumbnailKey)
		if !ok {
			return
		}
		v, err = h.videos.ReplaceThumbnailFromUpload(r.Context(), p, vid, in.Str("thumbnailKey"))
	} else {
		// Ownership first: a stranger's file is never stored.
		if err := h.videos.CheckVideoOwner(r.Context(), p, vid); err != nil {
			web.Error(w, r, h.log, err)
			return
		}
		var thumb *uploads.StoredMedia
		thumb, err = h.streamOneImage(w, r, p, "thumbnail", uploads.KindThumbnail, "Thumbnail file is required")
		if err == nil {
			v, err = h.videos.ReplaceThumbnail(r.Context(), p, vid, *thumb)
		}
	}
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	out := toVideo(v, shapeUpdated)
	out.VideoFile.PublicID, out.Thumbnail.PublicID = "", ""
	web.Respond(w, http.StatusOK, "Video thumbnail updated successfully", out)
}

// streamOneImage reads a multipart form with exactly one image file under
// field and stores it. On failure nothing stays stored.
func (h *handler) streamOneImage(w http.ResponseWriter, r *http.Request, p app.Principal, field string, k uploads.MediaKind, missing string) (*uploads.StoredMedia, error) {
	if !isMultipart(r) {
		return nil, errs.New(errs.Invalid, missing)
	}
	var img *uploads.StoredMedia
	_, maxImage := h.uploads.Limits()
	_, err := streamForm(w, r, maxImage+formSlack, uploadPace(), map[string]fileHandler{
		field: func(part io.Reader) error {
			m, err := h.uploads.StoreUpload(r.Context(), p, k, part)
			if err == nil {
				img = &m
			}
			return err
		},
	})
	if err != nil {
		h.uploads.LetGo(r.Context(), stored(img)...)
		return nil, err
	}
	if img == nil {
		return nil, errs.New(errs.Invalid, missing)
	}
	return img, nil
}

// signUpload issues a direct-upload target.
func (h *handler) signUpload(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.signUpload)
	if !ok {
		return
	}
	g, err := h.uploads.SignUpload(r.Context(), callerOf(r.Context()).principal, uploads.SignUploadInput{
		Kind: in.Str("kind"), ContentType: in.Str("contentType"), Size: int64(in.Num("size")),
	})
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	headers, fields := g.Target.Headers, g.Target.Fields
	if headers == nil {
		headers = map[string]string{}
	}
	if fields == nil {
		fields = map[string]string{}
	}
	web.Respond(w, http.StatusCreated, "Upload target created", uploadTargetJSON{
		Key: g.Key, URL: g.Target.URL, Method: g.Target.Method, Headers: headers,
		Fields: fields, FileField: g.Target.FileField, ExpiresAt: web.Time(g.Target.ExpiresAt),
	})
}

// uploadTargetJSON is the answer of POST /uploads, in the documented order.
type uploadTargetJSON struct {
	Key       string            `json:"key"`
	URL       string            `json:"url"`
	Method    string            `json:"method"`
	Headers   map[string]string `json:"headers"`
	Fields    map[string]string `json:"fields"`
	FileField string            `json:"fileField"`
	ExpiresAt web.Time          `json:"expiresAt"`
}
