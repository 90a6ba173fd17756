package report

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"vigia/redact"
)

// redacted replaces every secret the bundle removes.
const redacted = redact.Marker

// maxLine is the longest line the text redaction reads whole. Log lines are
// far shorter; a longer one ends the file's entry (see copyRedacted).
const maxLine = 16 << 20

// redactor removes secrets from what goes into the bundle: the exact values
// it was built with, in their JSON-escaped forms too, and everything
// package redact's shared rules catch. The rules are redact's alone, so
// that the bundle hides what the logs hide.
type redactor struct{ *redact.Redactor }

// newRedactor returns a redactor for secrets; empty ones are ignored.
func newRedactor(secrets []string) *redactor {
	return &redactor{redact.New(secrets...)}
}

// errLineTooLong reports a line longer than maxLine.
var errLineTooLong = errors.New("line longer than 16 MB not copied")

// copyRedacted copies src to dst line by line with secrets replaced, line
// ends kept as they are. Errors reading src come back as readErr, errors
// writing dst as writeErr, so the caller can skip the one and stop on the
// other. A line too long to read whole is not copied: a note ends the copy
// and readErr is errLineTooLong.
func (r *redactor) copyRedacted(dst io.Writer, src io.Reader) (readErr, writeErr error) {
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	sc.Split(scanLinesKeepEnd)
	bw := bufio.NewWriterSize(dst, 64<<10)
	for sc.Scan() {
		if _, err := io.WriteString(bw, r.String(string(sc.Bytes()))); err != nil {
			return nil, err
		}
	}
	readErr = sc.Err()
	if errors.Is(readErr, bufio.ErrTooLong) {
		readErr = errLineTooLong
		if _, err := fmt.Fprintf(bw, "\n[vigia diagnostics: %v]\n", readErr); err != nil {
			return readErr, err
		}
	}
	return readErr, bw.Flush()
}

// scanLinesKeepEnd is bufio.ScanLines without removing "\n" or "\r", so
// that the copy has the bytes of the original apart from the secrets.
func scanLinesKeepEnd(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i+1], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// redactSettings returns a copy of v, a value decoded from JSON, with the
// values of secret keys replaced (unless empty, so that "not set" still
// shows) and secrets removed from every other string, keys included:
// redact's Value, whose rules for a tree of maps and slices are these.
func (r *redactor) redactSettings(v any) any {
	out, _ := r.Value(v)
	return out
}
