package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"vigia/redact"
)

// redacted replaces every secret the bundle removes.
const redacted = redact.Marker

// maxLine is the longest line the text redaction reads whole. Log lines are
// far shorter; a longer one ends the file's entry (see copyRedacted).
const maxLine = 16 << 20

// redactor removes secrets from text: the exact values it was built with
// and anything that looks like a credential (redact.Credentials).
type redactor struct {
	exact *strings.Replacer // nil when there are no exact values
}

// newRedactor returns a redactor for secrets. Each secret is also matched
// in its JSON-escaped forms, so a value with a quote, a backslash or "<" is
// found in JSON logs too. Empty secrets are ignored.
func newRedactor(secrets []string) *redactor {
	var vals []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		vals = append(vals, s)
		for _, html := range []bool{true, false} {
			if esc := jsonEscape(s, html); esc != s && !slices.Contains(vals, esc) {
				vals = append(vals, esc)
			}
		}
	}
	if len(vals) == 0 {
		return &redactor{}
	}
	// The Replacer tries its pairs in order at each position: longest
	// first, so that a secret containing another is removed whole.
	slices.SortFunc(vals, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(vals))
	for _, v := range vals {
		pairs = append(pairs, v, redacted)
	}
	return &redactor{exact: strings.NewReplacer(pairs...)}
}

// jsonEscape returns s as it appears inside a JSON string, with "<", ">"
// and "&" escaped or not: encoders differ on that.
func jsonEscape(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(s) // a string always encodes
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

// String returns s with its secrets replaced.
func (r *redactor) String(s string) string {
	// Patterns first: an exact secret inside a bearer token would otherwise
	// leave the token's other half unmatched.
	s = redact.Credentials(s)
	if r.exact != nil {
		s = r.exact.Replace(s)
	}
	return s
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
// shows) and secrets removed from every other string, keys included.
func (r *redactor) redactSettings(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, val := range v {
			if redact.IsSecretKey(k) && !isEmpty(val) {
				val = redacted
			} else {
				val = r.redactSettings(val)
			}
			out[r.String(k)] = val
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, val := range v {
			out[i] = r.redactSettings(val)
		}
		return out
	case string:
		return r.String(v)
	default:
		return v
	}
}

func isEmpty(v any) bool {
	return v == nil || v == ""
}
