package wiring

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/cloudinary"
	"github.com/stagecast/stagecast/adapters/storage/local"
	"github.com/stagecast/stagecast/adapters/storage/supabase"
	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/config"
)

// mediaStore is the selected storage with what the local adapter needs
// besides (nil for the cloud adapters, which serve media themselves).
type mediaStore struct {
	store app.MediaStore
	serve http.Handler // GET /media/*
	// receive builds PUT /uploads/{token} around the core's check that a
	// key still awaits its upload.
	receive func(local.UploadGate) http.Handler
	// reapTemp deletes temporary files that crashed writes left.
	reapTemp func(ctx context.Context, before time.Time) (int, error)
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
		return &mediaStore{store: st, serve: st.MediaHandler(), receive: st.UploadHandler, reapTemp: st.ReapTemp}, nil
	}
}
