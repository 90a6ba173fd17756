package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// Session is what the journal knows of one session.
type Session struct {
	ID    string
	PID   int       // process that ran the session
	Start time.Time // when it started
	End   time.Time // when it ended; zero unless Ended
	Ended bool
	// Crashed is true for a session that never ended and is not running:
	// neither started through this Journal nor in a live process.
	Crashed bool
	// CrashReported is true once MarkCrashReported was called for it.
	CrashReported bool
	// Summary holds the final figures of an ended session, or the last
	// checkpoint of one that did not end (its last known figures); nil when
	// there are none.
	Summary *Summary
	// Checkpointed is when the last checkpoint was written; zero if none.
	Checkpointed time.Time
}

// Live reports whether s is still running: it neither ended nor crashed.
func (s Session) Live() bool { return !s.Ended && !s.Crashed }

// Duration is how long s ran, up to now for a live session and 0 for a
// crashed one, whose end is unknown.
func (s Session) Duration(now time.Time) time.Duration {
	switch {
	case s.Ended:
		return s.End.Sub(s.Start)
	case s.Crashed:
		return 0
	}
	return now.Sub(s.Start)
}

// ReadStats counts the lines a read could not use.
type ReadStats struct {
	// Skipped counts lines that are not records: torn by a crash
	// mid-write or otherwise garbled.
	Skipped int
	// Orphans counts records that name no known session (an end or
	// crash_reported whose start was lost) or repeat one (a second start
	// or end).
	Orphans int
}

// Sessions returns the sessions in the journal, sorted by start. Lines it
// cannot use are skipped; Read also counts them.
func (j *Journal) Sessions() ([]Session, error) {
	ss, _, err := j.Read()
	return ss, err
}

// Read returns the sessions in the journal, sorted by start (then ID), and
// counts the lines it skipped.
func (j *Journal) Read() ([]Session, ReadStats, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil, ReadStats{}, ErrClosed
	}
	recs, st, err := readFile(j.path)
	if err != nil {
		return nil, st, err
	}
	ss, orphans := sessions(recs, j.live)
	st.Orphans = orphans
	return ss, st, nil
}

// readFile decodes the records of the file at path; a missing file has none.
func readFile(path string) ([]record, ReadStats, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ReadStats{}, nil
	}
	if err != nil {
		return nil, ReadStats{}, fmt.Errorf("journal: open: %w", err)
	}
	defer f.Close()
	recs, st, err := readRecords(f)
	if err != nil {
		return nil, st, fmt.Errorf("journal: read: %w", err)
	}
	return recs, st, nil
}

// readRecords decodes one record per line of r. Blank lines are ignored;
// lines that are not valid records are counted in Skipped.
func readRecords(r io.Reader) ([]record, ReadStats, error) {
	var (
		recs []record
		st   ReadStats
	)
	// ReadBytes rather than a Scanner: a line has no length limit, so a
	// huge garbled line is skipped like any other instead of ending the read.
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if line = bytes.TrimSpace(line); len(line) > 0 {
			var rec record
			if json.Unmarshal(line, &rec) == nil && rec.valid() {
				recs = append(recs, rec)
			} else {
				st.Skipped++
			}
		}
		if err == io.EOF {
			return recs, st, nil
		}
		if err != nil {
			return recs, st, err
		}
	}
}

// sessions folds records into sessions, the first start and first end of
// each session winning. live holds the sessions running in this Journal.
func sessions(recs []record, live map[string]bool) ([]Session, int) {
	byID := map[string]*Session{}
	var order []*Session
	orphans := 0
	for _, r := range recs {
		s := byID[r.Session]
		switch r.Type {
		case typeStart:
			if s != nil {
				orphans++
				continue
			}
			s = &Session{ID: r.Session, PID: r.PID, Start: r.Time}
			byID[r.Session] = s
			order = append(order, s)
		case typeEnd:
			if s == nil || s.Ended {
				orphans++
				continue
			}
			s.End, s.Ended, s.Summary = r.Time, true, r.Summary
		case typeCrashReported:
			if s == nil {
				orphans++
				continue
			}
			s.CrashReported = true
		case typeCheckpoint:
			if s == nil || s.Ended {
				orphans++
				continue
			}
			s.Summary, s.Checkpointed = r.Summary, r.Time // the last one wins
		}
	}
	out := make([]Session, 0, len(order))
	for _, s := range order {
		if !s.Ended && !live[s.ID] && s.PID != ownPID && !processRunning(s.PID, s.Start) {
			s.Crashed = true
		}
		out = append(out, *s)
	}
	slices.SortStableFunc(out, func(a, b Session) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, orphans
}
