package cloudinary_test

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/cloudinary"
	"github.com/stagecast/stagecast/adapters/storage/cloudinary/cloudinaryfake"
	"github.com/stagecast/stagecast/adapters/storage/storagetest"
)

const (
	cloud  = "demo"
	apiKey = "123456789012345"
	secret = "test-secret-abcd"
)

func newStore(t *testing.T, f *cloudinaryfake.Fake, now func() time.Time, chunk int) *cloudinary.Store {
	t.Helper()
	s, err := cloudinary.New(cloudinary.Config{
		CloudName: cloud, APIKey: apiKey, APISecret: secret,
		APIBase: f.APIBase(), DeliveryBase: f.DeliveryBase(),
		ChunkSize: chunk, HTTPClient: f.Client(), Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) *storagetest.Harness {
		clock := storagetest.NewClock(time.Unix(1_700_000_000, 0))
		f := cloudinaryfake.New(t, cloud, apiKey, secret, cloudinaryfake.WithClock(clock.Now))
		return &storagetest.Harness{
			Store:               newStore(t, f, clock.Now, cloudinary.MinChunkSize),
			Client:              f.Client(),
			Now:                 clock.Now,
			Advance:             clock.Advance,
			URLHasUploadSegment: true,
		}
	})
}
