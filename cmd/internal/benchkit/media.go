package benchkit

import (
	"os"
	"path/filepath"
)

// Media are small valid files to upload: a two-second MP4 and a PNG
// thumbnail, from testdata/media.
type Media struct {
	Video, Thumbnail []byte
}

// LoadMedia reads the files from the repository at root.
func LoadMedia(root string) (Media, error) {
	var m Media
	var err error
	if m.Video, err = os.ReadFile(filepath.Join(root, "testdata", "media", "moov-first.mp4")); err != nil {
		return m, err
	}
	m.Thumbnail, err = os.ReadFile(filepath.Join(root, "testdata", "media", "image.png"))
	return m, err
}
