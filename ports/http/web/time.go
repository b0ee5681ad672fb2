package web

import "time"

// TimeLayout is the date format of every API: ISO-8601 in UTC with
// milliseconds, as JavaScript's Date.toJSON writes it.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time marshals as TimeLayout.
type Time time.Time

// MarshalJSON implements json.Marshaler. It appends to one buffer of the
// quoted layout's size: every item of a page carries two times.
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(TimeLayout)+2)
	b = append(b, '"')
	b = time.Time(t).UTC().AppendFormat(b, TimeLayout)
	return append(b, '"'), nil
}
