package videos

import (
	"context"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// UpdateVideo changes the title and, when given, the description.
func (s *Service) UpdateVideo(ctx context.Context, p app.Principal, videoID id.ID, title string, description *string) (VideoView, error) {
	v, err := s.changeVideo(ctx, p, videoID, func(v *video.Video) error {
		return v.Edit(title, description, s.now())
	})
	if err != nil {
		return VideoView{}, err
	}
	return s.viewOf(ctx, v)
}
