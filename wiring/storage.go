package wiring

import (
	"fmt"
	"net/http"

	"github.com/stagecast/stagecast/adapters/storage/cloudinary"
	"github.com/stagecast/stagecast/adapters/storage/local"
	"github.com/stagecast/stagecast/adapters/storage/supabase"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/config"
)

// mediaStore is the selected storage with the HTTP handlers the local
// adapter needs (nil for the cloud adapters, which serve media themselves).
type mediaStore struct {
	store   app.MediaStore
	serve   http.Handler // GET /media/*
	receive http.Handler // PUT /uploads/{token}
}

// newMediaStore builds the storage STORAGE selects.
func newMediaStore(cfg config.Config, secret []byte, o Overrides) (*mediaStore, error) {
	if o.Media != nil {
		return &mediaStore{store: o.Media}, nil
	}
	s := cfg.Storage
	switch s.Adapter {
	case config.StorageSupabase:
		st, err := supabase.New(supabase.Config{URL: s.Supabase.URL, ServiceRoleKey: s.Supabase.ServiceRoleKey.Reveal(), Bucket: s.Supabase.Bucket})
		if err != nil {
			return nil, fmt.Errorf("%w: STORAGE=supabase: %v", ErrConfig, err)
		}
		return &mediaStore{store: st}, nil
	case config.StorageCloudinary:
		st, err := cloudinary.New(cloudinary.Config{
			CloudName: s.Cloudinary.CloudName, APIKey: s.Cloudinary.APIKey, APISecret: s.Cloudinary.APISecret.Reveal(),
		})
		if err != nil {
			return nil, fmt.Errorf("%w: STORAGE=cloudinary: %v", ErrConfig, err)
		}
		return &mediaStore{store: st}, nil
	default:
		clock := o.Clock
		st, err := local.New(local.Config{
			Dir: s.MediaDir, BaseURL: cfg.HTTP.PublicBaseURL, SigningKey: deriveKey(secret, "upload-grants"), Now: clock.Now,
		})
		if err != nil {
			return nil, fmt.Errorf("%w: MEDIA_DIR: %v", ErrConfig, err)
		}
		return &mediaStore{store: st, serve: st.MediaHandler(), receive: st.UploadHandler()}, nil
	}
}
