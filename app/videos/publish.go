package videos

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// TogglePublish flips the publish state and returns the new one.
func (s *Service) TogglePublish(ctx context.Context, p app.Principal, videoID id.ID) (bool, error) {
	var published bool
	v, err := s.changeVideo(ctx, p, videoID, func(v *video.Video) error {
		published = v.TogglePublished(s.now())
		return nil
	})
	if err == nil && !published {
		s.hidden(ctx, v)
	}
	return published, err
}
