package v1

import (
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
	"github.com/stagecast/stagecast/ports/http/web"
)

// mediaJSON is a stored object as /api/v1 shows it: public_id is the key.
type mediaJSON struct {
	URL      string `json:"url"`
	PublicID string `json:"public_id,omitempty"`
}

func toMedia(m video.Media) mediaJSON { return mediaJSON{URL: m.URL, PublicID: m.Key} }

// ownerJSON is the short form of a user shown with content.
type ownerJSON struct {
	ID           string `json:"_id"`
	Username     string `json:"username"`
	Name         string `json:"name"`
	ProfileImage string `json:"profileImage"`
	// On the video page only.
	FollowersCount *int64 `json:"followersCount,omitempty"`
	IsFollowed     *bool  `json:"isFollowed,omitempty"`
}

func toOwner(u *user.User) *ownerJSON {
	if u == nil {
		return nil // the account is gone: the key is left out
	}
	return &ownerJSON{ID: u.ID().String(), Username: u.Username().String(), Name: u.Name(), ProfileImage: u.ProfileImage()}
}

// videoJSON covers every video shape of /api/v1; each route fills the
// fields its shape has and leaves the others nil, so they are left out.
type videoJSON struct {
	ID          string     `json:"_id"`
	Owner       *ownerJSON `json:"owner,omitempty"`
	Title       string     `json:"title"`
	Description *string    `json:"description,omitempty"`
	Views       int64      `json:"views"`
	Duration    float64    `json:"duration"`
	LikesCount  *int64     `json:"likesCount,omitempty"`
	IsLiked     *bool      `json:"isLiked,omitempty"`
	IsPublished *bool      `json:"isPublished,omitempty"`
	CreatedAt   web.Time   `json:"createdAt"`
	UpdatedAt   *web.Time  `json:"updatedAt,omitempty"`
	VideoFile   mediaJSON  `json:"videoFile"`
	Thumbnail   mediaJSON  `json:"thumbnail"`
}

// shape selects the optional fields of a video response.
type shape struct {
	owner, likes, published, updated, liked bool
}

// Shapes of the routes, as the reference answers them.
var (
	shapeCreated = shape{owner: true, published: true}
	shapeList    = shape{owner: true, likes: true, published: true}
	shapeMine    = shape{likes: true, published: true, updated: true}
	shapeDetail  = shape{owner: true, likes: true, published: true, liked: true}
	shapeUpdated = shape{owner: true, published: true, updated: true}
	shapeHistory = shape{owner: true}
)

func toVideo(v videos.VideoView, s shape) videoJSON {
	vid := v.Video
	out := videoJSON{
		ID: vid.ID().String(), Title: vid.Title(), Views: vid.Views(), Duration: vid.Duration(),
		CreatedAt: web.Time(vid.CreatedAt()), VideoFile: toMedia(vid.File()), Thumbnail: toMedia(vid.Thumbnail()),
	}
	if d, ok := vid.Description(); ok {
		out.Description = &d
	}
	if s.owner {
		out.Owner = toOwner(v.Owner)
	}
	if s.likes {
		out.LikesCount = &v.Likes
	}
	if s.liked {
		out.IsLiked = &v.Liked
	}
	if s.published {
		p := vid.Published()
		out.IsPublished = &p
	}
	if s.updated {
		u := web.Time(vid.UpdatedAt())
		out.UpdatedAt = &u
	}
	return out
}

func toVideos(items []videos.VideoView, s shape) []videoJSON {
	out := make([]videoJSON, len(items))
	for i, v := range items {
		out[i] = toVideo(v, s)
	}
	return out
}
