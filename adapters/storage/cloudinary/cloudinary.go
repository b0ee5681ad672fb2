// Package cloudinary is the media storage adapter over the Cloudinary
// Upload API, with net/http only.
//
// A key maps to an asset by a pure function, so that every call can
// recompute it: the resource type is "video" for keys under videos/ and
// "image" otherwise (for uploads and deletions alike: Cloudinary looks a
// public id up within one resource type, and destroying a video as an
// image answers "not found" and deletes nothing), and the public id is the
// key without its extension, which Cloudinary stores as the format. Keys
// differing only by extension would share an asset; the core never makes
// such keys.
//
// Media URLs are Cloudinary's own delivery URLs,
// https://res.cloudinary.com/<cloud>/<resource_type>/upload/<key>. Unlike
// the other stores' URLs they contain the segment /upload/: that is where
// Cloudinary puts transformations, and the URL is Cloudinary's to shape.
package cloudinary

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
	"github.com/stagecast/stagecast/app"
)

var _ app.MediaStore = (*Store)(nil)

// Defaults applied by New to zero fields of Config.
const (
	// DefaultAPIBase is the Upload API root, without the cloud name.
	DefaultAPIBase = "https://api.cloudinary.com/v1_1"
	// DefaultDeliveryBase is the delivery root, without the cloud name.
	DefaultDeliveryBase = "https://res.cloudinary.com"
	// DefaultChunkSize is the size of the chunks of a large video: above
	// Cloudinary's 5 MB minimum, and small enough to keep in memory.
	DefaultChunkSize = 6 << 20
	// MinChunkSize is the smallest chunk Cloudinary accepts (but the last).
	MinChunkSize = 5 << 20
	// DefaultPingInterval is how long a successful Ping is remembered.
	DefaultPingInterval = time.Minute
)

// signatureTTL is how long Cloudinary accepts a signed request after its
// timestamp.
const signatureTTL = time.Hour

// Config configures the Cloudinary store.
type Config struct {
	// CloudName is CLOUDINARY_CLOUD_NAME.
	CloudName string
	// APIKey is CLOUDINARY_API_KEY; it is public (it goes in upload forms).
	APIKey string
	// APISecret is CLOUDINARY_API_SECRET, which signs requests; it is
	// never sent, and never in an error.
	APISecret string
	// APIBase is the Upload API root without the cloud name,
	// DefaultAPIBase when empty; tests point it at a fake.
	APIBase string
	// DeliveryBase is the delivery root without the cloud name,
	// DefaultDeliveryBase when empty.
	DeliveryBase string
	// ChunkSize is the chunk size of chunked uploads, DefaultChunkSize
	// when 0, at least MinChunkSize. Each chunked Put holds one buffer of
	// this size.
	ChunkSize int
	// HTTPClient sends the requests; when nil, a client without an overall
	// timeout (uploads take long; contexts bound calls) that waits at most
	// 2 minutes for an answer's headers.
	HTTPClient *http.Client
	// Now is the clock of request timestamps; time.Now when nil.
	Now func() time.Time
	// PingInterval is how long a successful Ping is remembered,
	// DefaultPingInterval when 0: Ping calls the Admin API, which is rate
	// limited per hour, and health checks come every few seconds.
	PingInterval time.Duration
}

// Store is a media store on Cloudinary. It is safe for concurrent use.
type Store struct {
	api       string // <APIBase>/<cloud>
	delivery  string // <DeliveryBase>/<cloud>
	apiKey    string
	secret    string
	chunkSize int
	client    *http.Client
	now       func() time.Time
	pingEvery time.Duration

	bufs sync.Pool // *[]byte of chunkSize, reused across chunked Puts

	pingMu sync.Mutex
	pingOK time.Time // when Ping last succeeded
}

// New checks cfg and returns the store. Errors name the offending Config
// field. It makes no request; Ping does.
func New(cfg Config) (*Store, error) {
	if cfg.CloudName == "" || strings.ContainsAny(cfg.CloudName, "/?#% \\") {
		return nil, fmt.Errorf("cloudinary: CloudName: %q is not a cloud name", cfg.CloudName)
	}
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, errors.New("cloudinary: APIKey: must be set")
	}
	if strings.TrimSpace(cfg.APISecret) == "" {
		return nil, errors.New("cloudinary: APISecret: must be set")
	}
	api, err := baseURL("APIBase", cfg.APIBase, DefaultAPIBase)
	if err != nil {
		return nil, err
	}
	delivery, err := baseURL("DeliveryBase", cfg.DeliveryBase, DefaultDeliveryBase)
	if err != nil {
		return nil, err
	}
	s := &Store{
		api:       api + "/" + cfg.CloudName,
		delivery:  delivery + "/" + cfg.CloudName,
		apiKey:    cfg.APIKey,
		secret:    cfg.APISecret,
		chunkSize: cfg.ChunkSize,
		client:    cfg.HTTPClient,
		now:       cfg.Now,
		pingEvery: cfg.PingInterval,
	}
	switch {
	case s.chunkSize == 0:
		s.chunkSize = DefaultChunkSize
	case s.chunkSize < MinChunkSize:
		return nil, fmt.Errorf("cloudinary: ChunkSize: %d is below Cloudinary's minimum of %d", s.chunkSize, MinChunkSize)
	}
	if s.client == nil {
		s.client = httpx.DefaultClient()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.pingEvery == 0 {
		s.pingEvery = DefaultPingInterval
	}
	return s, nil
}

func baseURL(field, v, def string) (string, error) {
	if v == "" {
		v = def
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("cloudinary: %s: %q is not an absolute http(s) URL", field, v)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// asset is where a key lives in Cloudinary.
type asset struct {
	resourceType string // "video" or "image"
	publicID     string // the key without its extension
	format       string // the extension, possibly ""
}

// assetOf maps a valid key to its asset; it is the one rule every call
// uses.
func assetOf(key string) asset {
	a := asset{resourceType: "image", publicID: key, format: storage.Ext(key)}
	if strings.HasPrefix(key, "videos/") {
		a.resourceType = "video"
	}
	if a.format != "" {
		a.publicID = strings.TrimSuffix(key, "."+a.format)
	}
	return a
}

// URL returns the delivery URL of key,
// <DeliveryBase>/<cloud>/<resource_type>/upload/<public_id>.<format>,
// which is <...>/upload/<key>; "" for an invalid key.
func (s *Store) URL(key string) string {
	if storage.CheckKey(key) != nil {
		return ""
	}
	return s.deliveryURL(assetOf(key))
}

func (s *Store) deliveryURL(a asset) string {
	u := s.delivery + "/" + a.resourceType + "/upload/" + a.publicID
	if a.format != "" {
		u += "." + a.format
	}
	return u
}
