package web

import "time"

// TimeLayout is the date format of every API: ISO-8601 in UTC with
// milliseconds, as JavaScript's Date.toJSON writes it.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time marshals as TimeLayout.
type Time time.Time

// MarshalJSON implements json.Marshaler.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(TimeLayout) + `"`), nil
}
