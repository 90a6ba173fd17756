package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"time"

	"vigia/journal"
	"vigia/report"
)

// History returns the sessions of the journal, oldest first; nil without a
// journal.
func (e *Engine) History() ([]journal.Session, error) {
	if e.journal == nil {
		return nil, nil
	}
	return e.journal.Sessions()
}

// LiveSummary returns the figures so far of session id while it is open in
// this process, as the journal records them, and false for a session that
// ended, never started or runs in another process: the Sessions tab shows
// a running session's figures from here rather than from its last
// checkpoint, which is up to 30 seconds old.
func (e *Engine) LiveSummary(id string) (journal.Summary, bool) {
	c, ok := e.metrics.Collector(id)
	if !ok {
		return journal.Summary{}, false
	}
	return journal.SummaryOf(c.Summary()), true
}

// ExportFigures writes the figures of a session (or of all sessions when id
// is empty) as JSON, or as CSV when csv is set.
func (e *Engine) ExportFigures(w io.Writer, id string, csv bool, version string) error {
	sum, series, scope := e.AllSummary(), e.AllSeries(), "all"
	if id != "" {
		sum, series, scope = e.SessionSummary(id), e.SessionSeries(id), id
	}
	meta := report.Meta{Version: version, Generated: time.Now(), Scope: scope}
	if csv {
		return report.WriteCSV(w, sum, series, meta)
	}
	return report.WriteJSON(w, sum, series, meta)
}

// SessionLogTail returns the last n records of session id found in app.log
// (the current file, not its rotated backups), oldest first, as the
// session's own messages: what a crashed session was doing last.
func (e *Engine) SessionLogTail(id string, n int) ([]string, error) {
	f, err := os.Open(e.logs.AppLogPath())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	needle := []byte(`"session":"` + id + `"`)
	var tail []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.Contains(line, needle) {
			continue
		}
		var rec struct {
			Time  string `json:"time"`
			Level string `json:"level"`
			Msg   string `json:"msg"`
		}
		if json.Unmarshal(line, &rec) != nil {
			continue
		}
		tail = append(tail, rec.Time+" "+rec.Level+" "+rec.Msg)
		if len(tail) > n {
			tail = tail[1:]
		}
	}
	return tail, sc.Err()
}
