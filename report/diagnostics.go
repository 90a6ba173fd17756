package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"vigia/metrics"
)

// DiagInput is what goes into a diagnostics bundle. Its zero value makes a
// bundle with empty figures and settings and no logs.
type DiagInput struct {
	Version     string // Vigía's version
	FyneVersion string // the Fyne version the app was built with; the domain doesn't import Fyne

	// LogDir is the log directory; files whose names start with "app" or
	// "debug" are added under logs/. Empty: no logs.
	LogDir string
	// JournalPath is the sessions journal, added as sessions.jsonl when it
	// exists. Empty: no journal.
	JournalPath string

	Summary metrics.Summary // the figures written to metrics.json
	Series  []metrics.Point
	Scope   string // the session id the figures cover; empty means "all"

	// Settings are written to settings.json with secrets removed. Any value
	// encoding/json can marshal is accepted.
	Settings map[string]any
	// Secrets are exact values, such as the API key from the environment,
	// removed from every entry but .gz backups wherever they appear.
	Secrets []string

	// Time is when the bundle is made, as written in about.json and
	// metrics.json. Zero: now.
	Time time.Time
}

// Skipped is a file left out of a diagnostics bundle, as listed in
// about.json.
type Skipped struct {
	Path  string `json:"path"`  // where the file is on disk
	Error string `json:"error"` // why it was left out
}

// about is about.json.
type about struct {
	Version     string    `json:"version"`
	OS          string    `json:"os"`
	Arch        string    `json:"arch"`
	GoVersion   string    `json:"go_version"`
	FyneVersion string    `json:"fyne_version"`
	Generated   time.Time `json:"generated"`
	Skipped     []Skipped `json:"skipped"`
}

// Diagnostics writes a diagnostics bundle, a ZIP archive with the entries
// the package documentation lists, to w. Files it can't read are listed in
// about.json and left out; the error is for failures writing to w or
// encoding the settings. Logs are streamed: memory use does not grow with
// their size. On error, what was written to w is not a valid archive.
func Diagnostics(w io.Writer, in DiagInput) error {
	b := bundle{
		zw:      zip.NewWriter(w),
		red:     newRedactor(in.Secrets),
		skipped: []Skipped{},
	}
	now := in.Time
	if now.IsZero() {
		now = time.Now()
	}
	scope := in.Scope
	if scope == "" {
		scope = "all"
	}

	if in.LogDir != "" {
		if err := b.addLogs(in.LogDir); err != nil {
			return err
		}
	}
	if in.JournalPath != "" {
		if err := b.addFile("sessions.jsonl", in.JournalPath); err != nil {
			return err
		}
	}

	var buf bytes.Buffer
	meta := Meta{Version: in.Version, Generated: now, Scope: scope}
	if err := WriteJSON(&buf, in.Summary, in.Series, meta); err != nil {
		return err
	}
	if err := b.addText("metrics.json", &buf, now); err != nil {
		return err
	}

	settings, err := b.settingsJSON(in.Settings)
	if err != nil {
		return err
	}
	if err := b.addText("settings.json", bytes.NewReader(settings), now); err != nil {
		return err
	}

	ab, err := json.MarshalIndent(about{
		Version:     in.Version,
		OS:          runtime.GOOS,
		Arch:        runtime.GOARCH,
		GoVersion:   runtime.Version(),
		FyneVersion: in.FyneVersion,
		Generated:   now.UTC(),
		Skipped:     b.skipped,
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode about.json: %w", err)
	}
	if err := b.addText("about.json", bytes.NewReader(append(ab, '\n')), now); err != nil {
		return err
	}
	if err := b.zw.Close(); err != nil {
		return fmt.Errorf("write diagnostics bundle: %w", err)
	}
	return nil
}

// bundle is a diagnostics bundle being written.
type bundle struct {
	zw      *zip.Writer
	red     *redactor
	skipped []Skipped
}

func (b *bundle) skip(path string, err error) {
	b.skipped = append(b.skipped, Skipped{Path: path, Error: err.Error()})
}

// addLogs adds the app and debug logs of dir, rotated backups included.
func (b *bundle) addLogs(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.skip(dir, err)
		// ReadDir returns what it read before the error: add those.
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasPrefix(name, "app") || strings.HasPrefix(name, "debug")) {
			continue
		}
		if err := b.addFile("logs/"+name, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

// addFile adds the file at path as entry name: .gz files as they are,
// others redacted. A file that can't be opened or read is skipped; the
// error is a failure to write the archive.
func (b *bundle) addFile(name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		b.skip(path, err)
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("not a regular file: %s", info.Mode().Type())
	}
	if err != nil {
		b.skip(path, err)
		return nil
	}

	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: info.ModTime()}
	hdr.SetMode(0o600)
	gz := strings.HasSuffix(name, ".gz")
	if gz {
		hdr.Method = zip.Store // compressing gzip again gains nothing
	}
	ew, err := b.zw.CreateHeader(hdr)
	if err != nil {
		return fmt.Errorf("write diagnostics bundle: %w", err)
	}
	var readErr, writeErr error
	if gz {
		readErr, writeErr = copySplit(ew, f)
	} else {
		readErr, writeErr = b.red.copyRedacted(ew, f)
	}
	if writeErr != nil {
		return fmt.Errorf("write diagnostics bundle: %w", writeErr)
	}
	if readErr != nil {
		// The entry keeps what was read before the error.
		b.skip(path, fmt.Errorf("cut short: %w", readErr))
	}
	return nil
}

// addText adds r, redacted, as entry name.
func (b *bundle) addText(name string, r io.Reader, mod time.Time) error {
	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod}
	hdr.SetMode(0o600)
	ew, err := b.zw.CreateHeader(hdr)
	if err != nil {
		return fmt.Errorf("write diagnostics bundle: %w", err)
	}
	// r is in memory: a read error can't happen.
	if _, err := b.red.copyRedacted(ew, r); err != nil {
		return fmt.Errorf("write diagnostics bundle: %w", err)
	}
	return nil
}

// settingsJSON returns settings as indented JSON with secrets removed. The
// settings go through encoding/json first so that any type of value, maps
// and structs included, is redacted the same way.
func (b *bundle) settingsJSON(settings map[string]any) ([]byte, error) {
	if settings == nil {
		settings = map[string]any{}
	}
	raw, err := json.Marshal(settings)
	if err != nil {
		return nil, fmt.Errorf("encode settings: %w", err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("decode settings: %w", err)
	}
	out, err := json.MarshalIndent(b.red.redactSettings(v), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode settings: %w", err)
	}
	return append(out, '\n'), nil
}

// copySplit is io.Copy with read and write errors told apart.
func copySplit(dst io.Writer, src io.Reader) (readErr, writeErr error) {
	_, err := io.Copy(markWrites{dst}, src)
	var we *writeError
	if errors.As(err, &we) {
		return nil, we.err
	}
	return err, nil
}

// markWrites wraps the errors of w in writeError, for copySplit.
type markWrites struct{ w io.Writer }

func (m markWrites) Write(p []byte) (int, error) {
	n, err := m.w.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}

type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
