package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Prune removes from the file the sessions that started before the cut,
// with all their records, and the lines that are not records, and returns
// how many sessions it removed. Live sessions are kept whatever their age.
// The file is replaced atomically: a crash during Prune leaves either the
// old file or the new one.
func (j *Journal) Prune(before time.Time) (removed int, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return 0, ErrClosed
	}
	return j.prune(before, true)
}

// prune does Prune's work; unless always is set it leaves a file with
// nothing to remove untouched. The caller holds j.mu or owns j.
func (j *Journal) prune(before time.Time, always bool) (int, error) {
	recs, st, err := readFile(j.path)
	if err != nil {
		return 0, err
	}
	ss, _ := sessions(recs, j.live)
	drop := map[string]bool{}
	for _, s := range ss {
		if s.Start.Before(before) && !s.Live() {
			drop[s.ID] = true
		}
	}
	var buf bytes.Buffer
	orphans := 0
	starts := map[string]bool{}
	for _, r := range recs {
		if r.Type == typeStart {
			starts[r.Session] = true
		}
		switch {
		case drop[r.Session]:
			continue
		case !starts[r.Session] && r.Time.Before(before):
			// An old record whose start is lost: nothing will ever
			// show it.
			orphans++
			continue
		}
		line, err := json.Marshal(r)
		if err != nil {
			return 0, fmt.Errorf("journal: encode: %w", err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if !always && len(drop) == 0 && orphans == 0 && st.Skipped == 0 {
		return 0, nil
	}
	if err := j.replace(buf.Bytes()); err != nil {
		return 0, err
	}
	return len(drop), nil
}

// replace writes data to a temporary file beside the journal, fsyncs it and
// renames it over the journal, then appends to the new file. The caller
// holds j.mu or owns j.
func (j *Journal) replace(data []byte) error {
	dir := filepath.Dir(j.path)
	tmp, err := os.CreateTemp(dir, filepath.Base(j.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("journal: prune: %w", err)
	}
	tmpName := tmp.Name()
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	// CreateTemp already makes the file 0600; Chmod guards a changed umask
	// policy or platform.
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("journal: prune: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("journal: prune: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("journal: prune: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("journal: prune: %w", err)
	}
	// Close the old file before the rename: Windows will not rename over
	// a file that is open.
	if err := j.f.Close(); err != nil {
		return fmt.Errorf("journal: prune: %w", err)
	}
	renameErr := os.Rename(tmpName, j.path)
	if renameErr == nil {
		committed = true
		syncDir(dir)
	}
	// Reopen either way: after a failed rename the old file is still there.
	if err := j.openFile(); err != nil {
		j.f = nil
		return err
	}
	j.torn = false
	if renameErr != nil {
		return fmt.Errorf("journal: prune: %w", renameErr)
	}
	return nil
}

// syncDir makes a rename in dir durable. Errors are ignored: some platforms
// (Windows) cannot sync a directory, and the rename itself has succeeded.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
