package journal

import (
	"time"
)

// Record types, as written in the "type" field.
const (
	typeStart         = "start"
	typeEnd           = "end"
	typeCrashReported = "crash_reported"
	typeCheckpoint    = "checkpoint" // a running session's figures so far
)

// record is one line of the file. Fields that a type does not use are left
// out of the line.
type record struct {
	Type    string    `json:"type"`
	Session string    `json:"session"`
	Time    time.Time `json:"time"`
	PID     int       `json:"pid,omitempty"`
	Summary *Summary  `json:"summary,omitempty"`
}

// valid reports whether r is a record this package could have written; a
// line that decodes but is not valid is garbled and skipped.
func (r *record) valid() bool {
	if r.Session == "" || r.Time.IsZero() {
		return false
	}
	switch r.Type {
	case typeStart:
		return r.PID > 0
	case typeEnd, typeCrashReported:
		return true
	case typeCheckpoint:
		return r.Summary != nil
	}
	return false
}
