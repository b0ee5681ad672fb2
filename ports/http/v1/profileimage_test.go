package v1_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// vtAvatarForm is a multipart body with one profileImage file.
func vtAvatarForm(t testing.TB, filename string, data []byte) (io.Reader, string) {
	t.Helper()
	return form(t, file("profileImage", filename, data))
}

// vtProfileImage returns the caller's avatar URL.
func vtProfileImage(t testing.TB, c *client) string {
	t.Helper()
	return c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully").data()["profileImage"].(string)
}

func TestProfileImageUpload(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	uid := vtUserID(t, c)
	initial := vtProfileImage(t, c)

	var prevKey string
	for _, tc := range []struct{ fixture, name, mime, ext string }{
		{"image.png", "me.png", "image/png", ".png"},
		// The bytes decide, not the name.
		{"image.jpg", "me.png", "image/jpeg", ".jpg"},
		{"image.webp", "me", "image/webp", ".webp"},
	} {
		e.clock.Advance(time.Minute)
		body, ct := vtAvatarForm(t, tc.name, fixture(t, tc.fixture))
		r := c.send("PATCH", "/api/v1/user/profileimage", body, ct).expect(t, 200, "User profileImage updated successfully")
		d := r.data()
		vtExpectKeys(t, "user", d, "_id", "username", "email", "name", "profileImage", "isVerified", "createdAt", "updatedAt")
		url := d["profileImage"].(string)
		if d["_id"] != uid || d["username"] != "ada" || d["updatedAt"] != vtStamp(e) ||
			!strings.HasPrefix(url, "http://api.test/media/avatars/"+uid+"/") || !strings.HasSuffix(url, tc.ext) || url == initial {
			t.Fatalf("%s: %v", tc.fixture, d)
		}
		key := vtKeyOf(t, url)
		if key == prevKey {
			t.Fatalf("key reused")
		}
		rec := vtServe(e, url)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != tc.mime || !bytes.Equal(rec.Body.Bytes(), fixture(t, tc.fixture)) {
			t.Fatalf("%s: serving %d %v", tc.fixture, rec.Code, rec.Header())
		}
		// The previous image is deleted.
		vtExpectFiles(t, e, []string{key})
		if prevKey != "" {
			if rec := vtServe(e, "http://api.test/media/"+prevKey); rec.Code != 404 {
				t.Fatalf("previous image still served: %d", rec.Code)
			}
		}
		if got := vtProfileImage(t, c); got != url {
			t.Fatalf("me shows %q, want %q", got, url)
		}
		prevKey = key
	}

	// Content lists show the new avatar.
	vid := c.newVideo(t, "With avatar", true)
	r := c.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
	if r.data()["owner"].(map[string]any)["profileImage"] != "http://api.test/media/"+prevKey {
		t.Fatalf("owner %v", r.data()["owner"])
	}
}

func TestProfileImageRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	body, ct := vtAvatarForm(t, "me.png", fixture(t, "image.png"))
	c.send("PATCH", "/api/v1/user/profileimage", body, ct).expect(t, 200, "User profileImage updated successfully")
	current := vtProfileImage(t, c)
	files := vtFiles(e)

	for _, tc := range []struct {
		name    string
		body    func() (io.Reader, string)
		message string
	}{
		{"text as png", func() (io.Reader, string) { return vtAvatarForm(t, "me.png", fixture(t, "text-as.mp4")) }, "Invalid profileImage file"},
		{"video as jpg", func() (io.Reader, string) { return vtAvatarForm(t, "me.jpg", fixture(t, "mp4-as.jpg")) }, "Invalid profileImage file"},
		{"video", func() (io.Reader, string) { return vtAvatarForm(t, "me.mp4", fixture(t, "moov-first.mp4")) }, "Invalid profileImage file"},
		{"no file", func() (io.Reader, string) { return form(t, text("name", "x")) }, "profileImage file is required"},
		{"empty form", func() (io.Reader, string) { return form(t) }, "profileImage file is required"},
		{"no body", func() (io.Reader, string) { return nil, "" }, "profileImage file is required"},
		{"text body", func() (io.Reader, string) { return strings.NewReader("hello"), "text/plain" }, "profileImage file is required"},
		{"other field", func() (io.Reader, string) {
			return form(t, file("avatar", "me.png", fixture(t, "image.png")))
		}, "Unexpected field"},
		{"two files", func() (io.Reader, string) {
			return form(t, file("profileImage", "a.png", fixture(t, "image.png")), file("profileImage", "b.png", fixture(t, "image.png")))
		}, "Unexpected field"},
		{"JSON without key", func() (io.Reader, string) { return strings.NewReader(`{}`), "application/json" },
			"Invalid input: expected string, received undefined"},
		{"JSON empty key", func() (io.Reader, string) { return strings.NewReader(`{"profileImageKey":""}`), "application/json" },
			"profileImageKey is required"},
	} {
		b, ct := tc.body()
		r := c.send("PATCH", "/api/v1/user/profileimage", b, ct)
		if r.Status != 400 || r.message() != tc.message {
			t.Errorf("%s: %d %s, want 400 %q", tc.name, r.Status, r.Raw, tc.message)
		}
		vtExpectFiles(t, e, files)
	}
	if got := vtProfileImage(t, c); got != current {
		t.Fatalf("profile image changed to %q", got)
	}
}

func TestProfileImageTooLarge(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]string{"MAX_IMAGE_BYTES": "300"})
	c := e.member("ada")
	initial := vtProfileImage(t, c)
	body, ct := vtAvatarForm(t, "me.jpg", fixture(t, "image.jpg")) // 629 bytes
	c.send("PATCH", "/api/v1/user/profileimage", body, ct).expect(t, 413, "profileImage exceeds 300 bytes size limit")
	vtExpectFiles(t, e, nil)
	if got := vtProfileImage(t, c); got != initial {
		t.Fatalf("profile image changed to %q", got)
	}
	// The limit is checked when a direct upload is requested, too.
	c.do("POST", "/api/v1/uploads", map[string]any{"kind": "avatar", "contentType": "image/jpeg", "size": 629}).
		expect(t, 413, "profileImage exceeds 300 bytes size limit")
	body, ct = vtAvatarForm(t, "me.webp", fixture(t, "image.webp")) // 278 bytes
	c.send("PATCH", "/api/v1/user/profileimage", body, ct).expect(t, 200, "User profileImage updated successfully")

	// The same limit holds for a replaced thumbnail.
	vid := c.newVideo(t, "Small thumbs", false) // image.png is 189 bytes
	files := vtFiles(e)
	body, ct = vtThumbForm(t, "image.jpg")
	c.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 413, "Thumbnail exceeds 300 bytes size limit")
	vtExpectFiles(t, e, files)
	body, ct = vtThumbForm(t, "image.webp")
	c.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 200, "Video thumbnail updated successfully")
}

func TestProfileImageDirectUpload(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	uid := vtUserID(t, ada)

	key := vtGrant(t, e, ada, "avatar", "image/png", fixture(t, "image.png"))
	if !strings.HasPrefix(key, "avatars/"+uid+"/") {
		t.Fatalf("key %q", key)
	}
	d := ada.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": key}).
		expect(t, 200, "User profileImage updated successfully").data()
	if d["profileImage"] != "http://api.test/media/"+key {
		t.Fatalf("profileImage %v", d["profileImage"])
	}
	if rec := vtServe(e, d["profileImage"].(string)); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("serving: %d %v", rec.Code, rec.Header())
	}
	vtExpectFiles(t, e, []string{key})
	// A key is used once.
	ada.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": key}).
		expect(t, 400, "Unknown upload key: request an upload first")

	// Another user's key, or a key of another kind, is refused and stays
	// where it is.
	bobKey := vtGrant(t, e, bob, "avatar", "image/png", fixture(t, "image.png"))
	thumbKey := vtGrant(t, e, ada, "thumbnail", "image/png", fixture(t, "image.png"))
	for _, k := range []string{bobKey, thumbKey, "avatars/" + vtMissingID + "/x.png", "nope"} {
		ada.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": k}).
			expect(t, 400, "Unknown upload key: request an upload first")
	}
	if got := vtProfileImage(t, ada); got != "http://api.test/media/"+key {
		t.Fatalf("profile image changed to %q", got)
	}
	// Bob can still use his.
	bob.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": bobKey}).
		expect(t, 200, "User profileImage updated successfully")

	// Nothing uploaded yet, or bytes that are no image.
	g := ada.do("POST", "/api/v1/uploads", map[string]any{"kind": "avatar", "contentType": "image/png", "size": 189}).
		expect(t, 201, "Upload target created").data()
	ada.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": g["key"]}).
		expect(t, 400, "Nothing was uploaded for this key")
	badKey := vtGrant(t, e, ada, "avatar", "image/png", fixture(t, "text-as.mp4"))
	ada.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": badKey}).
		expect(t, 400, "Invalid profileImage file")
	vtExpectFiles(t, e, []string{bobKey, key, thumbKey})

	// A new direct upload replaces the previous image, which is deleted.
	key2 := vtGrant(t, e, ada, "avatar", "image/webp", fixture(t, "image.webp"))
	ada.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": key2}).
		expect(t, 200, "User profileImage updated successfully")
	vtExpectFiles(t, e, []string{key2, bobKey, thumbKey})
	// And a streamed one replaces that.
	body, ct := vtAvatarForm(t, "me.jpg", fixture(t, "image.jpg"))
	url := ada.send("PATCH", "/api/v1/user/profileimage", body, ct).expect(t, 200, "User profileImage updated successfully").data()["profileImage"].(string)
	vtExpectFiles(t, e, []string{vtKeyOf(t, url), bobKey, thumbKey})
}

// A key the client made up, in the caller's own folder, is an unknown key
// like any other: never a server error, never a path outside the storage.
func TestProfileImageDirectUploadMalformedKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	uid := vtUserID(t, c)
	initial := vtProfileImage(t, c)
	for _, k := range []string{"avatars/" + uid + "/never-granted.png", "avatars/" + uid + "/",
		"avatars/" + uid + "/../../../etc/passwd", "avatars/" + uid + "/X.PNG", "avatars/" + uid + "//x.png"} {
		r := c.do("PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": k})
		if r.Status != 400 || !strings.HasPrefix(r.message(), "Unknown upload key") && r.message() != "Nothing was uploaded for this key" {
			t.Fatalf("key %q: %d %s", k, r.Status, r.Raw)
		}
	}
	vtExpectFiles(t, e, nil)
	if got := vtProfileImage(t, c); got != initial {
		t.Fatalf("profile image changed to %q", got)
	}
}
