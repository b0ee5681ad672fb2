package web

import "time"

// TimeLayout is the date format of every API: ISO-8601 in UTC with
// milliseconds, as JavaScript's Date.toJSON writes it.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time marshals as TimeLayout.
type Time time.Time

// marshalledCap is the room MarshalJSON's buffer needs: the quoted
// layout, and six bytes more, as AppendFormat writes all nine digits of
// the nanoseconds before it cuts them to the layout's three.
const marshalledCap = len(TimeLayout) + 2 + 6

// MarshalJSON implements json.Marshaler. It appends to one buffer that
// fits all it writes: every item of a page carries two times.
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, marshalledCap)
	b = append(b, '"')
	b = time.Time(t).UTC().AppendFormat(b, TimeLayout)
	return append(b, '"'), nil
}
