// Package storage holds what the media storage adapters share: the rule a
// key must follow and the content type of a key's extension.
//
// The adapters live in sub-packages named after what they talk to:
//
//   - local keeps files under a directory and serves them itself at /media/,
//     with signed, expiring PUT /uploads/<token> targets for direct uploads;
//   - supabase calls the Supabase Storage REST API;
//   - cloudinary calls the Cloudinary Upload API, in chunks for large videos.
//
// Each has an httptest fake (supabase/supabasefake, cloudinary/cloudinaryfake)
// that checks what the real service checks, and storagetest holds the one
// conformance suite all three pass.
package storage
