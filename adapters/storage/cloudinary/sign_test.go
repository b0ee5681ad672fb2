package cloudinary

import "testing"

// TestSignatureVector is Cloudinary's documented example.
func TestSignatureVector(t *testing.T) {
	got := signature(map[string]string{"public_id": "sample_image", "timestamp": "1315060510"}, "abcd")
	if want := "b4ad47fb4e25c7bf5f92a20089f9db59bc302313"; got != want {
		t.Fatalf("signature = %s, want %s", got, want)
	}
	// file, cloud_name, resource_type, api_key and empty values are left out.
	withExtras := map[string]string{
		"public_id": "sample_image", "timestamp": "1315060510",
		"file": "x", "cloud_name": "c", "resource_type": "video", "api_key": "k", "eager": "",
	}
	if got2 := signature(withExtras, "abcd"); got2 != got {
		t.Fatalf("unsigned parameters changed the signature: %s", got2)
	}
}

func TestAssetOf(t *testing.T) {
	for key, want := range map[string]asset{
		"videos/u1/a.mp4":     {"video", "videos/u1/a", "mp4"},
		"videos/u1/a.mov":     {"video", "videos/u1/a", "mov"},
		"thumbnails/u1/b.jpg": {"image", "thumbnails/u1/b", "jpg"},
		"avatars/u1/c.png":    {"image", "avatars/u1/c", "png"},
		"avatars/u.1/noext":   {"image", "avatars/u.1/noext", ""},
		"videosx/a.mp4":       {"image", "videosx/a", "mp4"},
	} {
		if got := assetOf(key); got != want {
			t.Errorf("assetOf(%q) = %+v, want %+v", key, got, want)
		}
	}
}
